package com.textloom.backup.recovery.catalog;

import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.manifest.BackupManifest;
import com.textloom.backup.repository.manifest.ComponentOutcome;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.location.RepositoryLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The backups of one repository read straight from it, not through the manager: the storage_failure drill chooses
 * from the remote copy this way, so it works while the manager's own repository is lost. A backup is a snapshot
 * tagged {@code backup:<id>}; its type and status are the listing metadata of its manifest, the components'
 * statuses and figures the manifest's content, read only by {@link #find}: the format the manager writes, defined
 * once in backup-repository's {@link BackupManifest}.
 *
 * <p>Guarantees: read-only (the repository is opened for each reading and closed after; connecting to an S3 / OBS
 * remote creates its bucket when missing, as every opening does); a manifest is one small JSON document, nothing
 * else is downloaded; one catalogue serves one plan and is the repository as it first read it (the list and each
 * backup read once: a drill's RPO step does not open the remote again); a repository that cannot be read is a {@link CatalogUnavailableException} naming it without
 * secrets. Every backup listed is {@code present} in this repository ({@link BackupInfo#remotes()} says so).
 */
public final class RepositoryCatalog implements BackupCatalog {

    private final String uri;
    private final Map<String, String> environment;
    private final String shown;
    private List<BackupInfo> listed;
    private final Map<String, Optional<BackupInfo>> found = new java.util.HashMap<>();

    /**
     * @param uri         the repository's URI as configured (may hold credentials)
     * @param environment the variables the repository library reads (key, credentials), by their names
     */
    public RepositoryCatalog(String uri, Map<String, String> environment) {
        this.uri = uri;
        this.environment = Map.copyOf(environment);
        this.shown = RepositoryLocation.parse(uri, this.environment).toString();
    }

    @Override
    public synchronized List<BackupInfo> list() {
        if (listed == null) {
            listed = List.copyOf(readList());
        }
        return listed;
    }

    private List<BackupInfo> readList() {
        return read(repo -> {
            List<BackupInfo> out = new ArrayList<>();
            List<SnapshotInfo> snapshots = new ArrayList<>(repo.snapshots());
            Collections.reverse(snapshots);
            for (SnapshotInfo s : snapshots) {
                BackupManifest.backupId(s).ifPresent(id -> out.add(info(s, id, null)));
            }
            return out;
        });
    }

    @Override
    public synchronized Optional<BackupInfo> find(String backupId) {
        Optional<BackupInfo> known = found.get(backupId);
        if (known == null) {
            known = readOne(backupId);
            found.put(backupId, known);
        }
        return known;
    }

    private Optional<BackupInfo> readOne(String backupId) {
        return read(repo -> {
            for (SnapshotInfo s : repo.snapshots()) {
                if (s.tags().contains(BackupManifest.BACKUP_TAG + backupId)) {
                    return Optional.of(info(s, backupId, BackupManifest.read(repo, s)));
                }
            }
            return Optional.<BackupInfo>empty();
        });
    }

    /** The repository as shown (no credentials). */
    public String location() {
        return shown;
    }

    private BackupInfo info(SnapshotInfo s, String id, BackupManifest manifest) {
        Map<String, BackupInfo.ComponentInfo> components = new LinkedHashMap<>();
        if (manifest != null) {
            for (ComponentOutcome c : manifest.components()) {
                components.put(
                        c.component(),
                        new BackupInfo.ComponentInfo(
                                c.component(), c.ok() ? "success" : "failed", new LinkedHashMap<>(c.figures())));
            }
        } else {
            BackupManifest.componentsIn(s).forEach(c -> components.put(c, new BackupInfo.ComponentInfo(c, null, null)));
        }
        return new BackupInfo(
                id,
                s.id(),
                BackupManifest.type(s),
                BackupManifest.status(s),
                s.time(),
                components,
                shown,
                List.of(new BackupInfo.RemoteCopyInfo(shown, "present")));
    }

    private interface Reading<T> {
        T from(Repository repo) throws IOException;
    }

    private <T> T read(Reading<T> reading) {
        // not read-only: reading a backup's manifest takes the repository's shared lock (a lock file), so a prune
        // cannot delete a pack under the read; nothing else is written
        try (BlobStore store = RepositoryLocation.parse(uri, environment).open();
                Repository repo = Repository.open(
                        store,
                        KeySource.fromEnvironment(environment),
                        RepositoryOptions.fromEnvironment(environment))) {
            return reading.from(repo);
        } catch (IOException | RuntimeException e) {
            throw new CatalogUnavailableException(
                    "the repository " + shown + " cannot be read: "
                            + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    e);
        }
    }
}
