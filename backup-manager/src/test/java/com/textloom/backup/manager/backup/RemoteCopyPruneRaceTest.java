package com.textloom.backup.manager.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RemoteCopy;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.ProgressListener;
import com.textloom.backup.repository.PruneOptions;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.SnapshotSpec;
import com.textloom.backup.repository.SnapshotWriter;
import com.textloom.backup.repository.VerifyOptions;
import com.textloom.backup.repository.VerifyReport;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 4: the manager's copy to a remote ({@link RemoteSync#copyToAll}) holds the same
 * shared locks as the CLI's {@code repo copy} (source and destination), so a prune running on the
 * remote at the same time (a real prune of backup-repository, another process's retention) cannot
 * take packs whose index the copy has not sent yet for orphans and delete them. The prune here
 * loops on the remote for as long as the copy runs, with no safety margin for unindexed packs.
 */
class RemoteCopyPruneRaceTest {
    @TempDir
    Path tmp;

    @Test
    void aPruneOnTheRemoteDuringTheCopyDeletesNothingTheCopySends() throws Exception {
        String key = KeySource.generateKey();
        Map<String, String> env = Map.of("BACKUP_ENCRYPTION_KEY", key);
        RepositoryOptions options = RepositoryOptions.defaults()
                .withAverageChunkSize(64 << 10)
                .withPackSize(1 << 20)
                .withParallelJobs(2);
        Path remote = tmp.resolve("remote");
        try (LocalBlobStore store = LocalBlobStore.open(tmp.resolve("local"));
                Repository local = Repository.init(store, KeySource.key(key), options)) {
            backup(local, 1, 2 << 20);
            // the remote becomes a replica (a prune can open it from now on)
            assertEquals(
                    Outcome.SUCCESS,
                    RemoteSync.copyToAll(local, List.of(remote.toString()), env)
                            .get(0)
                            .status());
            SnapshotInfo second = backup(local, 2, 48 << 20);

            AtomicBoolean copying = new AtomicBoolean(true);
            AtomicInteger prunes = new AtomicInteger();
            AtomicInteger packsDeleted = new AtomicInteger();
            Thread pruner = new Thread(
                    () -> {
                        try (LocalBlobStore rs = LocalBlobStore.open(remote);
                                Repository r = Repository.open(rs, KeySource.key(key), options)) {
                            while (copying.get()) {
                                packsDeleted.addAndGet(
                                        r.prune(PruneOptions.defaults().withSafetyMargin(Duration.ZERO))
                                                .packsDeleted());
                                prunes.incrementAndGet();
                            }
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    "remote-prune");
            pruner.start();
            List<RemoteCopy> copies;
            try {
                Thread.sleep(100); // let the prune loop run first
                copies = RemoteSync.copyToAll(local, List.of(remote.toString()), env);
            } finally {
                copying.set(false);
                pruner.join(120_000);
            }
            assertEquals(Outcome.SUCCESS, copies.get(0).status(), copies.toString());
            assertTrue(prunes.get() > 0, "the prune ran");

            try (LocalBlobStore rs = LocalBlobStore.open(remote);
                    Repository fresh = Repository.open(rs, KeySource.key(key), options)) {
                assertTrue(fresh.snapshots().stream().anyMatch(s -> s.id().equals(second.id())));
                VerifyReport report = fresh.verify(VerifyOptions.readAllData());
                assertTrue(
                        report.ok(),
                        "the remote is complete after a concurrent prune (" + prunes.get()
                                + " prunes, " + packsDeleted.get() + " packs deleted): "
                                + report.damaged().size() + " damaged blobs, "
                                + report.errors().size() + " errors, first: "
                                + report.errors().stream().findFirst().orElse("-"));
                assertEquals(0, packsDeleted.get(), "the prune deleted packs the copy was sending");
            }
        }
    }

    /** A snapshot of {@code bytes} incompressible bytes, written to a file block by block first. */
    private SnapshotInfo backup(Repository repo, long seed, long bytes) throws IOException {
        Path dump = tmp.resolve("dump-" + seed);
        Random random = new Random(seed);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(dump)) {
            for (long left = bytes; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.full());
                InputStream in = Files.newInputStream(dump)) {
            w.addStream("database", in, Map.of(), ProgressListener.NONE);
            return w.commit();
        }
    }
}
