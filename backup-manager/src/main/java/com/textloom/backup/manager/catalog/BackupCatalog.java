package com.textloom.backup.manager.catalog;

import com.textloom.backup.manager.backup.Sources;
import com.textloom.backup.repository.ComponentInfo;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.manifest.BackupManifest;
import com.textloom.backup.repository.manifest.ComponentOutcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The list of backups, read from the repository itself: every snapshot tagged {@code backup:<id>}
 * is a backup; its manifest stream's metadata gives status and type, and the manifest's content
 * the figures (read only for the detailed view). The format is backup-repository's
 * {@link BackupManifest} (disaster-recovery reads it too).
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
            if ((type == null || type.equals(b.type()))
                    && (status == null || status.equals(b.status()))
                    && (component == null
                            || b.components().stream().anyMatch(c -> component.equals(c.get("component"))))) {
                out.add(b);
            }
        }
        return out;
    }

    /** The snapshot of a backup id, if there is one. */
    public Optional<SnapshotInfo> find(Repository repo, String backupId) throws IOException {
        for (SnapshotInfo s : repo.snapshots()) {
            if (s.tags().contains(BackupManifest.BACKUP_TAG + backupId)) {
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
            if (s.tags().contains(BackupManifest.REQUEST_TAG + requestId)) {
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
        return Optional.of(summary(s.get(), backupId, BackupManifest.read(repo, s.get())));
    }

    private BackupSummary summary(SnapshotInfo s, String backupId, BackupManifest manifest) {
        List<Map<String, Object>> components = new ArrayList<>();
        List<String> names = manifest != null
                ? manifest.components().stream()
                        .map(ComponentOutcome::component)
                        .toList()
                : BackupManifest.componentsIn(s);
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
        return new BackupSummary(
                backupId,
                s.id(),
                BackupManifest.type(s),
                BackupManifest.status(s),
                s.time(),
                BackupManifest.metadata(s).get("requested_by"),
                List.copyOf(s.tags()),
                components,
                manifest == null ? null : manifest.error(),
                Map.of("repository", location, "snapshot_id", s.id()));
    }

    /** The backup id of a snapshot, from its {@code backup:} tag ({@link BackupManifest#backupId}). */
    public static Optional<String> backupId(SnapshotInfo s) {
        return BackupManifest.backupId(s);
    }
}
