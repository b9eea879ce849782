package com.textloom.backup.recovery.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.textloom.backup.config.NamedKey;
import com.textloom.backup.config.VariableValues;
import com.textloom.backup.recovery.config.RecoverConfig;
import com.textloom.backup.support.config.BackupConfig;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link BackupCatalog} over the backup manager's REST API ({@code BACKUP_MANAGER_URL}, default
 * {@code http://localhost:8080}): {@code GET /api/backups} for the list, {@code GET /api/backups/{id}} for one
 * backup with its components' figures and {@code location.remotes}. {@code X-API-Key} is sent when
 * {@code BACKUP_API_KEY} is set (its first key, as the command line does); the key never appears in a message.
 *
 * <p>Guarantees: a connection attempt waits at most {@link #CONNECT_TIMEOUT}, a list at most
 * {@link #LIST_TIMEOUT}, one backup at most {@link #DETAIL_TIMEOUT} (the manager asks every remote for it, 10 s at
 * most); a manager that is down, refuses, times out or answers something that is not its catalogue is a
 * {@link CatalogUnavailableException} saying which and where. In the list, a component's status is the backup's
 * when the backup succeeded ({@code success}), else {@code unknown} (only the detail has per-component status);
 * figures and remotes are only in the detail. Safety backups (tag {@code safety}, taken by an in-place restore of the
 * data it overwrites) are left out of the list, so {@link #newestGood} never picks one; {@link #find} still answers
 * them by id. Thread-safe.
 */
@Singleton
public class ManagerCatalog implements BackupCatalog {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration LIST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DETAIL_TIMEOUT = Duration.ofSeconds(15);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String apiKey;
    private final HttpClient http;

    @Inject
    public ManagerCatalog(RecoverConfig config, BackupConfig backup) {
        this(VariableValues.url("BACKUP_MANAGER_URL", config.managerUrl()), backup.apiKey().flatMap(k -> NamedKey.parse(k).stream().findFirst())
                .map(NamedKey::key).orElse(null));
    }

    /** A catalogue of the manager at {@code managerUrl}; {@code apiKey} null sends none. */
    public ManagerCatalog(URI managerUrl, String apiKey) {
        String b = managerUrl.toString().replaceAll("/+$", "");
        this.base = URI.create(b);
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** The manager's address, for messages. */
    public URI managerUrl() {
        return base;
    }

    @Override
    public List<BackupInfo> list() {
        JsonNode answer = get("/api/backups", LIST_TIMEOUT)
                .orElseThrow(() -> unavailable("GET /api/backups answered 404", null));
        if (!answer.isArray()) {
            throw unavailable("GET /api/backups did not answer a list", null);
        }
        List<BackupInfo> out = new ArrayList<>();
        for (JsonNode b : answer) {
            if (!isSafety(b)) {
                out.add(backup(b));
            }
        }
        return out;
    }

    @Override
    public Optional<BackupInfo> find(String backupId) {
        return get("/api/backups/" + URLEncoder.encode(backupId, StandardCharsets.UTF_8).replace("+", "%20"),
                DETAIL_TIMEOUT).map(ManagerCatalog::backup);
    }

    /**
     * Where the manager keeps backups now ({@code GET /api/status}, its {@code storage}): the location in use, the
     * configured one, and whether a storage_failure recovery switched it to a remote.
     */
    public ManagerStorage storage() {
        JsonNode s = get("/api/status", LIST_TIMEOUT).orElseThrow(() -> unavailable("GET /api/status answered 404", null))
                .path("storage");
        if (!s.hasNonNull("active")) {
            throw unavailable("GET /api/status does not say where the manager keeps backups (no storage.active)", null);
        }
        return new ManagerStorage(s.path("active").asText(), s.path("primary").asText(), s.path("switched").asBoolean(),
                s.hasNonNull("since") ? s.path("since").asText() : null);
    }

    /** Where the manager keeps backups: {@code active} in use, {@code primary} configured, both without credentials. */
    public record ManagerStorage(String active, String primary, boolean switched, String since) {
    }

    /** The JSON at {@code path}; empty for 404. */
    private Optional<JsonNode> get(String path, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json").GET();
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw unavailable("GET " + path + ": no answer within " + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw unavailable("GET " + path + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("GET " + path + ": interrupted", e);
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw unavailable("GET " + path + " answered HTTP " + response.statusCode(), null);
        }
        try {
            return Optional.of(JSON.readTree(response.body()));
        } catch (IOException e) {
            throw unavailable("GET " + path + " did not answer JSON", e);
        }
    }

    private CatalogUnavailableException unavailable(String what, Throwable cause) {
        return new CatalogUnavailableException("the backup manager's catalogue at " + base + " is unavailable: " + what,
                cause);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.net.ConnectException) {
            return "connection refused" + (m == null ? "" : " (" + m + ")");
        }
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** One backup of {@code GET /api/backups} or {@code GET /api/backups/{id}} (BackupSummary's snake_case JSON). */
    static BackupInfo backup(JsonNode b) {
        String status = text(b, "status");
        Map<String, BackupInfo.ComponentInfo> components = new LinkedHashMap<>();
        for (JsonNode c : b.path("components")) {
            String name = text(c, "component");
            if (name == null) {
                continue;
            }
            String componentStatus = text(c, "status");
            if (componentStatus == null) {
                componentStatus = "success".equals(status) ? "success" : "unknown";
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> f = c.path("figures").fields();
            while (f.hasNext()) {
                Map.Entry<String, JsonNode> e = f.next();
                figures.put(e.getKey(), e.getValue().isNumber() ? e.getValue().numberValue() : e.getValue().asText());
            }
            components.put(name, new BackupInfo.ComponentInfo(name, componentStatus, figures));
        }
        JsonNode location = b.path("location");
        List<BackupInfo.RemoteCopyInfo> remotes = new ArrayList<>();
        for (JsonNode r : location.path("remotes")) {
            remotes.add(new BackupInfo.RemoteCopyInfo(text(r, "location"),
                    Optional.ofNullable(text(r, "status")).orElse("unknown")));
        }
        String time = text(b, "time");
        return new BackupInfo(text(b, "backup_id"), Optional.ofNullable(text(b, "snapshot_id")).orElse(text(location, "snapshot_id")),
                text(b, "type"), status, time == null ? null : Instant.parse(time), components,
                text(location, "repository"), remotes);
    }

    /**
     * A safety backup (tag {@code safety}): what an in-place restore saved of the data it was about to overwrite,
     * possibly the broken data itself. Never a recovery's source unless asked for by id, so not listed.
     */
    private static boolean isSafety(JsonNode b) {
        for (JsonNode tag : b.path("tags")) {
            if ("safety".equals(tag.asText())) {
                return true;
            }
        }
        return false;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
