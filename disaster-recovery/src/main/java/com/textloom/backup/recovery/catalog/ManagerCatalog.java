package com.textloom.backup.recovery.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.textloom.backup.config.NamedKey;
import com.textloom.backup.config.VariableValues;
import com.textloom.backup.http.WholeExchange;
import com.textloom.backup.recovery.config.RecoverConfig;
import com.textloom.backup.support.config.BackupConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link BackupCatalog} over the backup manager's REST API ({@code BACKUP_MANAGER_URL}, default
 * {@code http://localhost:8080}): {@code GET /api/backups} for the list, {@code GET /api/backups/{id}} for one
 * backup with its components' figures and {@code location.remotes}. {@code X-API-Key} is sent when
 * {@code BACKUP_API_KEY} is set (its first key, as the command line does); the key never appears in a message.
 *
 * <p>{@code BACKUP_MANAGER_URL} may list several managers, comma-separated (an HA pair: the active one and its
 * standby, which answers these GETs too). Each request tries them in order, starting from the last one that
 * answered, and moves on to the next when a connection fails, times out or is answered 503 (a standby or a manager
 * that is starting); any other answer (the catalogue, 404, another error) is that manager's answer and ends the
 * request. So while one manager of the pair is dead the catalogue is read from the other.
 *
 * <p>Guarantees: per manager tried, a connection attempt waits at most {@link #CONNECT_TIMEOUT}, a list at most
 * {@link #LIST_TIMEOUT}, one backup at most {@link #DETAIL_TIMEOUT} (the manager asks every remote for it, 10 s at
 * most); a request tries each listed manager at most once. When every manager is down, refuses, times out or answers
 * 503, or the one that answered answers something that is not its catalogue, it is a
 * {@link CatalogUnavailableException} saying which and where, naming every manager tried and why it was passed over.
 * In the list, a component's status is the backup's when the backup succeeded ({@code success}), else
 * {@code unknown} (only the detail has per-component status); figures and remotes are only in the detail. Safety
 * backups (tag {@code safety}, taken by an in-place restore of the data it overwrites) are left out of the list, so
 * {@link #newestGood} never picks one; {@link #find} still answers them by id. Thread-safe.
 */
@Singleton
public class ManagerCatalog implements BackupCatalog {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration LIST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DETAIL_TIMEOUT = Duration.ofSeconds(15);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> managers;
    private final String apiKey;
    private final HttpClient http;
    /** Index in {@link #managers} of the last manager that answered: where the next request starts. */
    private final AtomicInteger answering = new AtomicInteger();

    @Inject
    public ManagerCatalog(RecoverConfig config, BackupConfig backup) {
        this(
                VariableValues.urlList("BACKUP_MANAGER_URL", config.managerUrl()),
                backup.apiKey()
                        .flatMap(k -> NamedKey.parse(k).stream().findFirst())
                        .map(NamedKey::key)
                        .orElse(null));
    }

    /** A catalogue of the manager at {@code managerUrl}; {@code apiKey} null sends none. */
    public ManagerCatalog(URI managerUrl, String apiKey) {
        this(List.of(managerUrl), apiKey);
    }

    /** A catalogue of the managers at {@code managerUrls}, tried in this order; {@code apiKey} null sends none. */
    public ManagerCatalog(List<URI> managerUrls, String apiKey) {
        if (managerUrls.isEmpty()) {
            throw new IllegalArgumentException("no backup manager URL");
        }
        this.managers = managerUrls.stream()
                .map(u -> URI.create(u.toString().replaceAll("/+$", "")))
                .toList();
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** The managers' addresses, in the order they are tried, for messages. */
    public List<URI> managerUrls() {
        return managers;
    }

    @Override
    public List<BackupInfo> list() {
        Answer answer = get("/api/backups", LIST_TIMEOUT);
        JsonNode backups = answer.json().orElseThrow(() -> answer.unavailable("GET /api/backups answered 404", null));
        if (!backups.isArray()) {
            throw answer.unavailable("GET /api/backups did not answer a list", null);
        }
        List<BackupInfo> out = new ArrayList<>();
        for (JsonNode b : backups) {
            if (!isSafety(b)) {
                out.add(backup(b));
            }
        }
        return out;
    }

    @Override
    public Optional<BackupInfo> find(String backupId) {
        return get(
                        "/api/backups/"
                                + URLEncoder.encode(backupId, StandardCharsets.UTF_8)
                                        .replace("+", "%20"),
                        DETAIL_TIMEOUT)
                .json()
                .map(ManagerCatalog::backup);
    }

    /**
     * Where the manager keeps backups now ({@code GET /api/status}, its {@code storage}): the location in use, the
     * configured one, and whether a storage_failure recovery switched it to a remote.
     */
    public ManagerStorage storage() {
        Answer answer = get("/api/status", LIST_TIMEOUT);
        JsonNode s = answer.json()
                .orElseThrow(() -> answer.unavailable("GET /api/status answered 404", null))
                .path("storage");
        if (!s.hasNonNull("active")) {
            throw answer.unavailable(
                    "GET /api/status does not say where the manager keeps backups (no storage.active)", null);
        }
        return new ManagerStorage(
                s.path("active").asText(),
                s.path("primary").asText(),
                s.path("switched").asBoolean(),
                s.hasNonNull("since") ? s.path("since").asText() : null);
    }

    /** Where the manager keeps backups: {@code active} in use, {@code primary} configured, both without credentials. */
    public record ManagerStorage(String active, String primary, boolean switched, String since) {}

    /**
     * The first answer to {@code GET path} from the managers, tried in order from the last one that answered; a
     * failed connection, a timeout and 503 pass on to the next. Throws when none answered.
     */
    private Answer get(String path, Duration timeout) {
        List<String> passed = new ArrayList<>();
        String reason = null;
        Throwable cause = null;
        int first = answering.get();
        for (int i = 0; i < managers.size(); i++) {
            int index = (first + i) % managers.size();
            URI manager = managers.get(index);
            HttpResponse<String> response = null;
            try {
                // the whole exchange within the timeout: a manager that stalls in its body is passed over like a dead
                // one
                response = WholeExchange.send(
                        http, request(manager, path, timeout), HttpResponse.BodyHandlers.ofString(), timeout);
                reason = response.statusCode() == 503 ? "answered HTTP 503" : null;
            } catch (java.net.http.HttpTimeoutException e) {
                reason = "no answer within " + timeout.toSeconds() + " s";
                cause = e;
            } catch (IOException e) {
                reason = describe(e);
                cause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Answer(manager, passed, null).unavailable("GET " + path + ": interrupted", e);
            }
            if (reason == null) {
                answering.set(index);
                return read(new Answer(manager, passed, null), path, response);
            }
            passed.add(manager + ": " + reason);
        }
        String what = managers.size() == 1
                ? "at " + managers.get(0) + " is unavailable: GET " + path + ": " + reason
                : "is unavailable: GET " + path + " failed at every manager listed: " + String.join("; ", passed);
        throw new CatalogUnavailableException("the backup manager's catalogue " + what, cause);
    }

    private HttpRequest request(URI manager, String path, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(manager + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET();
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return request.build();
    }

    /** {@code answered}'s manager's answer: its JSON, empty for 404; any other status but 200 is unavailable. */
    private static Answer read(Answer answered, String path, HttpResponse<String> response) {
        if (response.statusCode() == 404) {
            return answered;
        }
        if (response.statusCode() != 200) {
            throw answered.unavailable("GET " + path + " answered HTTP " + response.statusCode(), null);
        }
        try {
            return new Answer(answered.manager(), answered.passed(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw answered.unavailable("GET " + path + " did not answer JSON", e);
        }
    }

    /**
     * What {@code manager} answered ({@code body} null for 404), after the managers {@code passed} over before it
     * (each with why).
     */
    private record Answer(URI manager, List<String> passed, JsonNode body) {

        Optional<JsonNode> json() {
            return Optional.ofNullable(body);
        }

        CatalogUnavailableException unavailable(String what, Throwable cause) {
            return new CatalogUnavailableException(
                    "the backup manager's catalogue at " + manager + " is unavailable: " + what
                            + (passed.isEmpty() ? "" : " (passed over before it: " + String.join("; ", passed) + ")"),
                    cause);
        }
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
                figures.put(
                        e.getKey(),
                        e.getValue().isNumber()
                                ? e.getValue().numberValue()
                                : e.getValue().asText());
            }
            components.put(name, new BackupInfo.ComponentInfo(name, componentStatus, figures));
        }
        JsonNode location = b.path("location");
        List<BackupInfo.RemoteCopyInfo> remotes = new ArrayList<>();
        for (JsonNode r : location.path("remotes")) {
            remotes.add(new BackupInfo.RemoteCopyInfo(
                    text(r, "location"), Optional.ofNullable(text(r, "status")).orElse("unknown")));
        }
        String time = text(b, "time");
        return new BackupInfo(
                text(b, "backup_id"),
                Optional.ofNullable(text(b, "snapshot_id")).orElse(text(location, "snapshot_id")),
                text(b, "type"),
                status,
                time == null ? null : Instant.parse(time),
                components,
                text(location, "repository"),
                remotes);
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
