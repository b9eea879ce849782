package com.textloom.backup.manager.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.VerifyCompleted;
import com.textloom.backup.events.VerifyRequested;
import com.textloom.backup.manager.backup.BackupExecutor;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.SnapshotSpec;
import com.textloom.backup.repository.SnapshotWriter;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager's verify against a real local repository in which one blob has two indexed copies (two handles backed
 * up the same dump at the same time, neither seeing the other's pack before it committed, as a manager and the CLI
 * may).
 */
class VerifyExecutorTest {
    @TempDir
    Path tmp;

    private final KeySource key = KeySource.key(KeySource.generateKey());

    /** read_data_percent reaches the repository; absent (an older request) reads every pack. */
    @Test
    void theReadDataPercentOfTheRequestIsPassedToTheRepository() {
        Instant at = Instant.parse("2026-12-03T00:00:00Z");
        VerifyRequested sampled = new VerifyRequested("op-1", "default", null, true, "scheduler", at, null, null, 15);
        assertEquals(15, VerifyExecutor.options(sampled, java.util.Set.of()).readDataPercent());
        assertTrue(VerifyExecutor.options(sampled, java.util.Set.of()).sampled());
        VerifyRequested all = new VerifyRequested("op-2", "default", null, true, "ops", at, null);
        assertEquals(100, VerifyExecutor.options(all, java.util.Set.of()).readDataPercent());
    }

    /**
     * One copy damaged, the other good: damage is found (status failed, the damaged copy named) but no backup is
     * affected, since every read uses the good copy. Seen failing before the fix: both backups were listed affected.
     */
    @Test
    void aDamagedCopyReadableFromAnotherAffectsNoBackup() throws Exception {
        List<Path> packs = twoBackupsOfOneDump();
        flipMiddleByte(packs.get(0));

        VerifyCompleted done = verify();
        assertEquals(Outcome.FAILED, done.status(), done.toString());
        assertFalse(done.damagedBlobs().isEmpty(), done.toString());
        assertTrue(done.damagedBlobs().get(0).reason().contains("still readable from its copy"), done.toString());
        assertEquals(List.of(), done.affectedBackups(), "a blob still readable affects no backup: " + done);
        assertTrue(done.error().contains("still readable from another copy"), done.error());
    }

    /** Both copies damaged: the blob is lost and both backups that need it are affected. */
    @Test
    void aBlobWithNoGoodCopyAffectsEveryBackupThatNeedsIt() throws Exception {
        List<Path> packs = twoBackupsOfOneDump();
        flipMiddleByte(packs.get(0));
        flipMiddleByte(packs.get(1));

        VerifyCompleted done = verify();
        assertEquals(Outcome.FAILED, done.status(), done.toString());
        assertEquals(
                List.of("b1", "b2"), done.affectedBackups().stream().sorted().toList(), done.toString());
        assertFalse(done.error().contains("still readable"), done.error());
    }

    /** Backups {@code b1} and {@code b2} of the same 2 MiB dump, written at the same time, each into a data pack of its
     * own; those two packs. */
    private List<Path> twoBackupsOfOneDump() throws IOException {
        byte[] dump = new byte[2 << 20];
        new Random(7).nextBytes(dump);
        try (LocalBlobStore store = LocalBlobStore.open(tmp.resolve("repo"))) {
            Repository.init(store, key, RepositoryOptions.defaults()).close();
            try (Repository first = Repository.open(store, key, RepositoryOptions.defaults());
                    Repository second = Repository.open(store, key, RepositoryOptions.defaults())) {
                try (SnapshotWriter w1 = writer(first, "b1");
                        SnapshotWriter w2 = writer(second, "b2")) {
                    w1.addStream("database", new ByteArrayInputStream(dump), Map.of(), null);
                    w2.addStream("database", new ByteArrayInputStream(dump), Map.of(), null);
                    w1.commit();
                    w2.commit();
                }
            }
        }
        try (Stream<Path> files = Files.walk(tmp.resolve("repo/data"))) {
            List<Path> all = files.filter(Files::isRegularFile)
                    .sorted(Comparator.comparingLong(VerifyExecutorTest::size).reversed())
                    .toList();
            assertTrue(
                    all.size() > 1 && size(all.get(1)) > dump.length,
                    "each backup wrote the dump into a pack of its own: "
                            + all.stream()
                                    .map(p -> p.getFileName() + "=" + size(p))
                                    .toList());
            return all.subList(0, 2);
        }
    }

    private static SnapshotWriter writer(Repository repo, String backupId) throws IOException {
        return repo.newSnapshot(SnapshotSpec.full().withTags(BackupExecutor.BACKUP_TAG + backupId));
    }

    private VerifyCompleted verify() throws IOException {
        try (LocalBlobStore store = LocalBlobStore.open(tmp.resolve("repo"));
                Repository repo = Repository.open(store, key, RepositoryOptions.defaults())) {
            return new VerifyExecutor(Clock.systemUTC())
                    .run(repo, new VerifyRequested("r1", "default", null, true, "ops", Instant.now(), null));
        }
    }

    private static void flipMiddleByte(Path pack) throws IOException {
        byte[] bytes = Files.readAllBytes(pack);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(pack, bytes);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
