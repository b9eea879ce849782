package com.textloom.backup.manager.catalog;

import com.textloom.backup.manager.backup.BackupExecutor;
import com.textloom.backup.manager.backup.BackupManifest;
import com.textloom.backup.manager.backup.ComponentOutcome;
import com.textloom.backup.manager.backup.Sources;
import com.textloom.backup.repository.ComponentInfo;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.SnapshotInfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The list of backups, read from the repository itself: every snapshot tagged {@code backup:<id>}
 * is a backup; its manifest stream's metadata gives status and type, and the manifest's content
 * the figures (read only for the detailed view).
 */
public final class BackupCatalog {
    private final String location;

    /** @param location the repository's location as shown to users (no secrets) */
    public BackupCatalog(String location) {
        this.location = location;
    }

    /** Every backup, newest first, optionally filtered (null filters match everything). */
    public List<BackupSummary> list(Repository repo, String type, String status, String component) throws IOException {
        List<BackupSummary> out = new ArrayList<>();
        List<SnapshotInfo> snapshots = new ArrayList<>(repo.snapshots());
        java.util.Collections.reverse(snapshots);
        for (SnapshotInfo s : snapshots) {
            Optional<String> id = backupId(s);
            if (id.isEmpty()) {
                continue;
            }
            BackupSummary b = summary(s, id.get(), null);
            if ((type == null || type.equals(b.type())) && (status == null || status.equals(b.status()))
                    && (component == null || b.components().stream().anyMatch(c -> component.equals(c.get("component"))))) {
                out.add(b);
            }
        }
        return out;
    }

    /** The snapshot of a backup id, if there is one. */
    public Optional<SnapshotInfo> find(Repository repo, String backupId) throws IOException {
        for (SnapshotInfo s : repo.snapshots()) {
            if (s.tags().contains(BackupExecutor.BACKUP_TAG + backupId)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Whether a backup for this request id is already in the repository. */
    public boolean hasRequest(Repository repo, String requestId) throws IOException {
        return findRequest(repo, requestId).isPresent();
    }

    /** The backup made for this request id, if it is in the repository. */
    public Optional<BackupSummary> findRequest(Repository repo, String requestId) throws IOException {
        for (SnapshotInfo s : repo.snapshots()) {
            if (s.tags().contains(BackupExecutor.REQUEST_TAG + requestId)) {
                return backupId(s).map(id -> summary(s, id, null));
            }
        }
        return Optional.empty();
    }

    /** One backup with its figures, read from its manifest. */
    public Optional<BackupSummary> detail(Repository repo, String backupId) throws IOException {
        Optional<SnapshotInfo> s = find(repo, backupId);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(summary(s.get(), backupId, manifest(repo, s.get())));
    }

    /** The manifest of a backup snapshot. */
    public static BackupManifest manifest(Repository repo, SnapshotInfo s) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        repo.dumpStream(s.id(), BackupManifest.STREAM, buf);
        return BackupManifest.fromJson(buf);
    }

    private BackupSummary summary(SnapshotInfo s, String backupId, BackupManifest manifest) {
        Map<String, String> meta = s.component(BackupManifest.STREAM).map(ComponentInfo::metadata).orElse(Map.of());
        List<Map<String, Object>> components = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (manifest != null) {
            manifest.components().forEach(c -> names.add(c.component()));
        } else {
            for (String c : Sources.ALL) {
                if (s.components().stream().anyMatch(ci -> Sources.partOf(c, ci.name()))) {
                    names.add(c);
                }
            }
        }
        for (String c : names) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("component", c);
            long bytes = 0;
            long fresh = 0;
            long files = 0;
            for (ComponentInfo ci : s.components()) {
                if (Sources.partOf(c, ci.name())) {
                    bytes += ci.bytes();
                    fresh += ci.newBytes();
                    files += ci.files();
                }
            }
            m.put("bytes", bytes);
            m.put("new_bytes", fresh);
            m.put("files", files);
            if (manifest != null) {
                for (ComponentOutcome o : manifest.components()) {
                    if (o.component().equals(c)) {
                        m.put("status", o.ok() ? "success" : "failed");
                        m.put("figures", o.figures());
                        if (!o.warnings().isEmpty()) {
                            m.put("warnings", o.warnings());
                        }
                        if (o.error() != null) {
                            m.put("error", o.error());
                        }
                        m.put("duration_ms", o.durationMs());
                    }
                }
            }
            components.add(m);
        }
        return new BackupSummary(backupId, s.id(), meta.getOrDefault("type", s.type().name().toLowerCase()),
                meta.getOrDefault("status", "success"), s.time(), meta.get("requested_by"), List.copyOf(s.tags()),
                components, manifest == null ? null : manifest.error(),
                Map.of("repository", location, "snapshot_id", s.id()));
    }

    /** The backup id of a snapshot, from its {@code backup:} tag. */
    public static Optional<String> backupId(SnapshotInfo s) {
        return s.tags().stream().filter(t -> t.startsWith(BackupExecutor.BACKUP_TAG))
                .map(t -> t.substring(BackupExecutor.BACKUP_TAG.length())).findFirst();
    }
}
