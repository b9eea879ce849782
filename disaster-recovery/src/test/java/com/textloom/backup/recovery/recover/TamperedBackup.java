package com.textloom.backup.recovery.recover;

import com.textloom.backup.repository.ComponentInfo;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.ProgressListener;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.SnapshotSpec;
import com.textloom.backup.repository.SnapshotWriter;
import com.textloom.backup.repository.manifest.BackupManifest;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes, with the repository's own library and key, a copy of a backup whose data was altered after the fact: the
 * same components and manifest (so the figures recorded at backup time are the original ones), but one row of the
 * uncompressed {@code pg_dump -Fc -Z0} stream changed in place (same length, so the archive stays valid). A restore
 * of it succeeds and its proof must find the change. Test data is small: held in memory here.
 */
final class TamperedBackup {

    private TamperedBackup() {}

    /** @return the new backup's id */
    static String write(Path repository, String key, String backupId, String find, String replace) throws Exception {
        if (find.length() != replace.length()) {
            throw new IllegalArgumentException("same length only");
        }
        try (Repository repo =
                Repository.open(LocalBlobStore.open(repository), KeySource.key(key), RepositoryOptions.defaults())) {
            SnapshotInfo original = repo.snapshots().stream()
                    .filter(s -> s.tags().contains(BackupManifest.BACKUP_TAG + backupId))
                    .findFirst()
                    .orElseThrow();
            String newId = unusedIdInTheSameMinute(repo, backupId);
            Set<String> tags = new LinkedHashSet<>();
            tags.add(BackupManifest.BACKUP_TAG + newId);
            tags.add(BackupManifest.REQUEST_TAG + "tampered-" + newId);
            try (SnapshotWriter w = repo.newSnapshot(new SnapshotSpec(
                    original.type(), tags, null, null, original.time().plusSeconds(1)))) {
                for (ComponentInfo c : original.components()) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    repo.dumpStream(original.id(), c.name(), bytes);
                    byte[] data = bytes.toByteArray();
                    Map<String, String> meta = new HashMap<>(c.metadata());
                    if (c.name().equals("database")) {
                        data = replaceOnce(data, find, replace);
                    }
                    if (meta.containsKey("backup_id")) {
                        meta.put("backup_id", newId);
                    }
                    w.addStream(c.name(), new ByteArrayInputStream(data), meta, ProgressListener.NONE);
                }
                w.commit();
            }
            return newId;
        }
    }

    /**
     * Another second of the backup's own minute that no backup of the repository carries (a fixed ":59" once was the
     * original's own id, when the manager made it at second 59).
     */
    private static String unusedIdInTheSameMinute(Repository repo, String backupId) throws Exception {
        Set<String> used = new HashSet<>();
        for (SnapshotInfo s : repo.snapshots()) {
            used.addAll(s.tags());
        }
        for (int second = 59; second >= 0; second--) {
            String candidate = backupId.substring(0, backupId.length() - 2) + String.format("%02d", second);
            if (!used.contains(BackupManifest.BACKUP_TAG + candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("every second of " + backupId + "'s minute holds a backup");
    }

    private static byte[] replaceOnce(byte[] data, String find, String replace) {
        byte[] f = find.getBytes(StandardCharsets.UTF_8);
        byte[] r = replace.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + f.length <= data.length; i++) {
            for (int j = 0; j < f.length; j++) {
                if (data[i + j] != f[j]) {
                    continue outer;
                }
            }
            System.arraycopy(r, 0, data, i, r.length);
            return data;
        }
        throw new IllegalStateException("'" + find + "' is not in the dump");
    }
}
