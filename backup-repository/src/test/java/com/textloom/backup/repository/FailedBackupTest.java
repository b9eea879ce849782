package com.textloom.backup.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.storage.FaultyBlobStore;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup that fails halfway must leave nothing behind in the handle that a later backup could
 * deduplicate against (issue 11, item 1): the manager keeps one handle per process.
 */
class FailedBackupTest {
    @TempDir
    Path tmp;

    private final KeySource key = KeySource.key(KeySource.generateKey());

    @Test
    void aBackupAfterAFailedOneOnTheSameHandleIsCompleteForAFreshReader() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        for (int i = 0; i < 8; i++) {
            TestTrees.writeFile(ws.resolve("f" + i + ".bin"), 1_000_000, 100 + i); // 5+ packs of 1 MiB
        }
        try (LocalBlobStore local = LocalBlobStore.open(tmp.resolve("repo"))) {
            FaultyBlobStore store = new FaultyBlobStore(local);
            AtomicInteger packPuts = new AtomicInteger();
            AtomicInteger packsStored = new AtomicInteger();
            store.onPutDone(name -> {
                if (name.startsWith("data/")) {
                    packsStored.incrementAndGet();
                }
            });
            try (Repository repo = Repository.init(store, key, RepositoryRoundTripTest.small())) {
                // the third pack fails once the first two are stored (else closing the failed saver may
                // interrupt their puts, and there would be nothing to poison the handle with)
                store.failPutsOf(name ->
                        name.startsWith("data/") && packPuts.incrementAndGet() == 3 && awaitPacks(packsStored, 2));
                IOException failed = assertThrows(IOException.class, () -> backup(repo, ws));
                assertTrue(failed.getMessage().contains("injected failure"), failed.getMessage());
                assertTrue(local.list("data/").size() >= 2, "packs stored before the failure stay behind");
                assertEquals(List.of(), local.list("snapshots/"), "the failed backup left no snapshot");

                store.heal();
                SnapshotInfo second = backup(repo, ws);
                assertEquals(8, second.component("workspace").orElseThrow().files());
            }
            try (Repository fresh = Repository.open(local, key, RepositoryRoundTripTest.small())) {
                VerifyReport report = fresh.verify(VerifyOptions.readAllData());
                assertTrue(
                        report.ok(),
                        "a fresh reader finds every blob of the committed snapshot: "
                                + report.damaged().size() + " damaged, first "
                                + report.damaged().stream().findFirst()
                                + ", errors " + report.errors());
                Path out = tmp.resolve("out");
                fresh.restoreTree("latest", "workspace", null, out, RestoreOptions.defaults(), null);
                TestTrees.assertSameTree(ws, out, List.of());
            }
        }
    }

    private static boolean awaitPacks(AtomicInteger stored, int n) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        try {
            while (stored.get() < n && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return true;
    }

    private static SnapshotInfo backup(Repository repo, Path ws) throws IOException {
        try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.full())) {
            w.addTree("workspace", ws, ProgressListener.NONE);
            return w.commit();
        }
    }
}
