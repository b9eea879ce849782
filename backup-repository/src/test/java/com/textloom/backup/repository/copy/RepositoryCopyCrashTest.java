package com.textloom.backup.repository.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.ProgressListener;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.SnapshotSpec;
import com.textloom.backup.repository.SnapshotWriter;
import com.textloom.backup.repository.VerifyOptions;
import com.textloom.backup.repository.VerifyReport;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM copying a real repository is killed ({@code kill -9}) at 20 random points: after
 * every kill the destination shows only snapshots whose every blob is there, and the next copy
 * completes into a replica that verifies clean with every blob read.
 */
class RepositoryCopyCrashTest {
    private static final int KILLS = 20;

    @TempDir
    Path tmp;

    @Test
    void aCopyKilledAtRandomPointsNeverShowsASnapshotWithMissingBlobsAndTheNextRunCompletes() throws Exception {
        KeySource key = KeySource.key(KeySource.generateKey());
        RepositoryOptions options = RepositoryOptions.defaults()
                .withAverageChunkSize(64 << 10)
                .withPackSize(1 << 20)
                .withParallelJobs(2);
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "textloom-copy-crash-")
                : tmp;
        Path sourceDir = base.resolve("source");
        Path destDir = base.resolve("dest");
        Set<String> sourceSnapshots = writeRepository(sourceDir, key, options);
        Random random = new Random(2026);
        Path log = tmp.resolve("child.log");
        int killedMidway = 0;
        try {
            for (int i = 0; i < KILLS; i++) {
                Process child = new ProcessBuilder(
                                javaBin(),
                                "-Xmx128m",
                                "-cp",
                                System.getProperty("java.class.path"),
                                CopyCrashChild.class.getName(),
                                sourceDir.toString(),
                                destDir.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
                awaitLines(log, "ready", i + 1, child);
                boolean finished = child.waitFor(random.nextInt(900), TimeUnit.MILLISECONDS);
                child.destroyForcibly();
                child.waitFor();
                if (!finished) {
                    killedMidway++;
                }
                assertOnlyCompleteSnapshots(destDir, key, options, i);
                if (finished || random.nextInt(4) == 0) {
                    deleteTree(destDir); // start over, so later kills land in every phase
                }
            }
            assertTrue(killedMidway >= KILLS / 2, "only " + killedMidway + " kills hit a running copy");

            try (LocalBlobStore source = LocalBlobStore.open(sourceDir);
                    LocalBlobStore dest = LocalBlobStore.open(destDir)) {
                RepositoryCopy.copy(source, dest, CopyOptions.defaults());
                try (Repository replica = Repository.open(dest, key, options)) {
                    assertEquals(
                            sourceSnapshots,
                            replica.snapshots().stream().map(SnapshotInfo::id).collect(Collectors.toSet()));
                    VerifyReport report = replica.verify(VerifyOptions.readAllData());
                    assertTrue(report.ok(), report.toString());
                }
            }
        } finally {
            if (!base.equals(tmp)) {
                deleteTree(base);
            }
        }
    }

    /** Every snapshot the destination shows has every blob it needs (quick verify). */
    private static void assertOnlyCompleteSnapshots(Path destDir, KeySource key, RepositoryOptions options, int kill)
            throws Exception {
        if (!Files.exists(destDir)) {
            return;
        }
        try (LocalBlobStore dest = LocalBlobStore.open(destDir)) {
            if (!dest.exists("config")) {
                assertEquals(List.of(), dest.list("snapshots/"), "snapshots without config, kill " + kill);
                return;
            }
            try (Repository replica = Repository.open(dest, key, options)) {
                VerifyReport report = replica.verify(VerifyOptions.quick());
                assertTrue(report.ok(), "after kill " + kill + ": " + report);
            }
        }
    }

    private static Set<String> writeRepository(Path dir, KeySource key, RepositoryOptions options) throws Exception {
        Random random = new Random(5);
        Set<String> ids = new java.util.HashSet<>();
        try (LocalBlobStore store = LocalBlobStore.open(dir);
                Repository repo = Repository.init(store, key, options)) {
            for (int s = 0; s < 3; s++) {
                byte[] data = new byte[2_500_000];
                random.nextBytes(data);
                try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.full())) {
                    w.addStream("database", new ByteArrayInputStream(data), Map.of(), ProgressListener.NONE);
                    ids.add(w.commit().id());
                }
            }
        }
        return ids;
    }

    private static void awaitLines(Path log, String marker, int count, Process p) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.split(java.util.regex.Pattern.quote(marker), -1).length - 1 >= count) {
                return;
            }
            if (!p.isAlive()) {
                throw new AssertionError("child died: " + text);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("child did not start: " + Files.readString(log));
    }

    private static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
