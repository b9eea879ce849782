package com.textloom.backup.manager.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RetentionCompleted;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.manager.backup.BackupExecutor;
import com.textloom.backup.manager.catalog.BackupCatalog;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.SnapshotSpec;
import com.textloom.backup.repository.SnapshotWriter;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager's scheduled cleanup against a real local repository holding what the shipped schedules write in one day:
 * a backup of every component, then Redis-only backups every few minutes (the {@code frequent} schedule).
 */
class RetentionExecutorTest {
    @TempDir
    Path tmp;

    private final KeySource key = KeySource.key(KeySource.generateKey());

    /**
     * "7 daily" keeps the newest backup of each day of each component set: the day's full backup stays beside the
     * newest Redis-only one. Seen failing before the fix (found on a fresh deploy/local/up, whose start-up catch-up ran
     * daily, frequent and cleanup together): the cleanup kept only the newest Redis-only backup and forgot the full
     * one, the only backup of the database, the workspace and the logs.
     */
    @Test
    void frequentRedisOnlyBackupsNeverDisplaceTheDaysFullBackup() throws Exception {
        try (LocalBlobStore store = LocalBlobStore.open(tmp.resolve("repo"));
                Repository repo = Repository.init(store, key, RepositoryOptions.defaults())) {
            backup(repo, "20261203_050000", "database", "logs", "redis", "workspace");
            backup(repo, "20261203_050500", "redis");
            backup(repo, "20261203_051000", "redis");

            RetentionCompleted done = new RetentionExecutor(Clock.systemUTC(), Map.of(), List.of())
                    .run(
                            repo,
                            new RetentionRequested(
                                    "r1", "default", null, false, "scheduler", Instant.now(), "cleanup", null));

            assertEquals(Outcome.SUCCESS, done.status(), done.toString());
            List<String> left = repo.snapshots().stream()
                    .map(s -> BackupCatalog.backupId(s).orElseThrow())
                    .sorted()
                    .toList();
            assertEquals(
                    List.of("20261203_050000", "20261203_051000"),
                    left,
                    "the day's full backup and the newest Redis-only one stay: " + done);
            assertEquals(1, done.removed().size(), done.toString());
            assertEquals(true, done.removed().get(0).startsWith("20261203_050500"), done.toString());
        }
    }

    private static void backup(Repository repo, String backupId, String... components) throws IOException {
        try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.full().withTags(BackupExecutor.BACKUP_TAG + backupId))) {
            for (String c : components) {
                w.addStream(
                        c,
                        new ByteArrayInputStream((c + " of " + backupId).getBytes(StandardCharsets.UTF_8)),
                        Map.of(),
                        null);
            }
            w.commit();
        }
    }
}
