package com.textloom.backup.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-data of a sample (issue 10): N % of the packs are read, drawn at random each run, damage in
 * a pack is found exactly when that pack is drawn, and 100 % is read-data of every pack.
 */
class SampledVerifyTest {
    private static final int BACKUPS = 20;

    @TempDir
    Path tmp;

    private final KeySource key = KeySource.key(KeySource.generateKey());

    @Test
    void readsTheGivenShareOfPacksAndFindsADamagedPackInAboutThatShareOfRuns() throws Exception {
        try (LocalBlobStore store = LocalBlobStore.open(tmp.resolve("repo"))) {
            try (Repository repo = Repository.init(store, key, RepositoryRoundTripTest.small())) {
                for (int i = 0; i < BACKUPS; i++) {
                    Path ws = Files.createDirectories(tmp.resolve("ws" + i).resolve("docs"));
                    TestTrees.writeFile(ws.resolve("f" + i + ".bin"), 60_000, i);
                    try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.full())) {
                        w.addTree("workspace", ws.getParent(), ProgressListener.NONE);
                        w.commit();
                    }
                }
            }
            try (Repository repo = Repository.open(store, key, RepositoryRoundTripTest.small())) {
                VerifyReport all = repo.verify(VerifyOptions.readAllData());
                assertTrue(all.ok(), all.errors().toString());
                assertTrue(all.packsChecked() >= BACKUPS, "packs: " + all.packsChecked());
                assertEquals(all.packsChecked(), all.packsRead());
                VerifyReport hundred = repo.verify(VerifyOptions.readDataSample(100), new Random(1));
                assertEquals(all.packsRead(), hundred.packsRead());
                assertEquals(all.blobsChecked(), hundred.blobsChecked());
                assertEquals(all.bytesRead(), hundred.bytesRead());

                VerifyReport quarter = repo.verify(VerifyOptions.readDataSample(25), new Random(1));
                assertTrue(quarter.ok());
                assertEquals(all.packsChecked(), quarter.packsChecked(), "quick checks cover every pack");
                assertEquals((long) Math.ceil(all.packsChecked() * 0.25), quarter.packsRead());
                assertTrue(quarter.bytesRead() < all.bytesRead() / 2, quarter.bytesRead() + " of " + all.bytesRead());
                assertFalse(repo.verify(VerifyOptions.readDataSample(0)).readData(), "0 % is the quick check");
            }

            Path damaged = largestPack(tmp.resolve("repo").resolve("data"));
            try (RandomAccessFile f = new RandomAccessFile(damaged.toFile(), "rw")) {
                long at = f.length() / 2; // inside the data blob: the pack's trees and header stay intact
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ 0xff);
            }
            String pack = "data/"
                    + tmp.resolve("repo")
                            .resolve("data")
                            .relativize(damaged)
                            .toString()
                            .replace('\\', '/');
            try (Repository repo = Repository.open(store, key, RepositoryRoundTripTest.small())) {
                assertTrue(repo.verify(VerifyOptions.quick()).ok(), "only reading the data finds this damage");
                VerifyReport all = repo.verify(VerifyOptions.readAllData());
                assertEquals(pack, all.damaged().get(0).pack());
                int runs = 40;
                int found = 0;
                for (int seed = 0; seed < runs; seed++) {
                    VerifyReport r = repo.verify(VerifyOptions.readDataSample(25), new Random(seed));
                    if (!r.ok()) {
                        found++;
                        assertEquals(pack, r.damaged().get(0).pack());
                        assertFalse(r.damaged().get(0).snapshots().isEmpty());
                    }
                }
                // each run reads the damaged pack with p ~ 0.25: ~10 of 40 (binomial sd ~2.7); seeds fixed
                assertTrue(found >= 4 && found <= 18, found + " of " + runs + " sampled runs found the damage");
            }
        }
    }

    private static Path largestPack(Path data) throws IOException {
        try (Stream<Path> s = Files.walk(data)) {
            return s.filter(Files::isRegularFile)
                    .max(Comparator.comparingLong(p -> p.toFile().length()))
                    .orElseThrow();
        }
    }
}
