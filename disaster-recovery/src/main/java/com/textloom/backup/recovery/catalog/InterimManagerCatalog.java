package com.textloom.backup.recovery.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.textloom.backup.recovery.config.RecoverConfig;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * INTERIM: a minimal {@link BackupCatalog} over the manager's REST API ({@code GET /api/backups},
 * {@code GET /api/backups/{id}}), written on the recover branch so recoveries and drills can be tested against a
 * real manager before the assess branch's catalogue lands. It is a {@link DefaultBean}: any other
 * {@link BackupCatalog} bean replaces it, and the merge should keep only one.
 *
 * <p>Safety backups (tag {@code safety}: what an in-place restore saved of the data it overwrote, possibly the
 * broken data itself) are never a recovery's source and are left out.
 */
@DefaultBean
@ApplicationScoped
public class InterimManagerCatalog implements BackupCatalog {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    RecoverConfig config;
    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public List<BackupInfo> list() {
        List<BackupInfo> out = new ArrayList<>();
        for (Map<String, Object> b : getList("/api/backups")) {
            if (!isSafety(b)) {
                out.add(info(b));
            }
        }
        return out;
    }

    @Override
    public Optional<BackupInfo> find(String backupId) {
        return getOne("/api/backups/" + URLEncoder.encode(backupId, StandardCharsets.UTF_8)).map(this::info);
    }

    @Override
    public Optional<BackupInfo> newestGood(String component) {
        for (Map<String, Object> b : getList("/api/backups?component=" + URLEncoder.encode(component, StandardCharsets.UTF_8))) {
            if (isSafety(b) || "failed".equals(b.get("status"))) {
                continue;
            }
            Optional<BackupInfo> detail = find(String.valueOf(b.get("backup_id")));
            if (detail.isPresent()) {
                BackupInfo.ComponentInfo c = detail.get().components().get(component);
                if (c != null && "success".equals(c.status())) {
                    return detail;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isSafety(Map<String, Object> b) {
        return b.get("tags") instanceof List<?> tags && tags.contains("safety");
    }

    @SuppressWarnings("unchecked")
    private BackupInfo info(Map<String, Object> b) {
        Map<String, BackupInfo.ComponentInfo> components = new LinkedHashMap<>();
        if (b.get("components") instanceof List<?> list) {
            for (Object o : list) {
                Map<String, Object> c = (Map<String, Object>) o;
                String name = String.valueOf(c.get("component"));
                components.put(name, new BackupInfo.ComponentInfo(name, (String) c.get("status"),
                        (Map<String, Object>) c.get("figures")));
            }
        }
        Map<String, Object> location = b.get("location") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        List<BackupInfo.RemoteCopyInfo> remotes = new ArrayList<>();
        if (location.get("remotes") instanceof List<?> rs) {
            for (Object o : rs) {
                Map<String, Object> r = (Map<String, Object>) o;
                remotes.add(new BackupInfo.RemoteCopyInfo(String.valueOf(r.get("location")), String.valueOf(r.get("status"))));
            }
        }
        return new BackupInfo(String.valueOf(b.get("backup_id")), (String) b.get("snapshot_id"), (String) b.get("type"),
                (String) b.get("status"), b.get("time") == null ? null : Instant.parse(String.valueOf(b.get("time"))),
                components, (String) location.get("repository"), remotes);
    }

    private List<Map<String, Object>> getList(String path) {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new CatalogUnavailableException("backup-manager answered HTTP " + r.statusCode() + " to GET " + path, null);
        }
        try {
            return json.readValue(r.body(), new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new CatalogUnavailableException("backup-manager's answer to GET " + path + " is not a backup list", e);
        }
    }

    private Optional<Map<String, Object>> getOne(String path) {
        HttpResponse<String> r = get(path);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw new CatalogUnavailableException("backup-manager answered HTTP " + r.statusCode() + " to GET " + path, null);
        }
        try {
            return Optional.of(json.readValue(r.body(), new TypeReference<>() {
            }));
        } catch (IOException e) {
            throw new CatalogUnavailableException("backup-manager's answer to GET " + path + " is not a backup", e);
        }
    }

    private HttpResponse<String> get(String path) {
        String base = config.managerUrl().replaceAll("/+$", "");
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CatalogUnavailableException("backup-manager at " + base + " does not answer (" + e.getMessage()
                    + "); is it running? BACKUP_MANAGER_URL says where it is", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogUnavailableException("interrupted while asking backup-manager at " + base, e);
        }
    }
}
