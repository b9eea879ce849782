package com.textloom.backup.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.lock.LockOptions;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that backs up, forgets and prunes (kill -9) at many random points; the
 * repository must stay consistent: verify --read-data clean, every listed snapshot complete,
 * and the next backup and restore succeed.
 */
class CrashSafetyTest {
    private static final int KILLS = 20;

    @TempDir
    Path tmp;

    @Test
    void aBackupOrPruneKilledAtRandomPointsLeavesNoHalfSnapshotAndTheNextRunSucceeds() throws Exception {
        String keyText = KeySource.generateKey();
        KeySource key = KeySource.key(keyText);
        // kill -9 tests a process crash (the page cache survives it), not a power cut: a tmpfs keeps
        // the many fsyncs of a shared, busy disk from slowing the children down
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "textloom-crash-")
                : tmp;
        Path repoDir = base.resolve("repo");
        Path src = Files.createDirectories(tmp.resolve("src"));
        for (int i = 0; i < 15; i++) {
            TestTrees.writeFile(src.resolve("base-" + i), 150_000, i);
        }
        TestTrees.writeFile(src.resolve("large"), 3_000_000, 99);
        RepositoryOptions opts = options();
        try (LocalBlobStore store = LocalBlobStore.open(repoDir)) {
            Repository.init(store, key, opts).close();
        }
        Random r = new Random(2026);
        List<Long> killedAfter = new ArrayList<>();
        Path log = tmp.resolve("child.log");
        for (int i = 0; i < KILLS; i++) {
            Process p = new ProcessBuilder(
                            javaBin(),
                            "-Xmx256m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            CrashChild.class.getName(),
                            repoDir.toString(),
                            src.toString(),
                            keyText,
                            Long.toString(r.nextLong()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            // the first child runs until it committed two snapshots and pruned once (so a prune is run
            // whatever the machine's load: on a loaded machine the random kills below can all land before
            // any child reaches a prune); the others are killed at a random moment after they opened the
            // repository (JVM start-up time varies on a busy machine)
            if (i == 0) {
                awaitLines(log, "snapshot ", 2, p);
                awaitLines(log, "pruned", 1, p);
            } else {
                awaitLines(log, "ready", i + 1, p);
            }
            long wait = 50 + r.nextInt(2500);
            boolean exited = p.waitFor(wait, TimeUnit.MILLISECONDS);
            assertTrue(!exited, "the child must still be running when killed: " + Files.readString(log));
            p.destroyForcibly();
            p.waitFor();
            killedAfter.add(wait);
        }
        String childLog = Files.readString(log);
        assertTrue(childLog.contains("snapshot "), "some children committed snapshots: " + childLog);
        assertTrue(childLog.contains("pruned"), "some children pruned: " + childLog);

        try (LocalBlobStore store = LocalBlobStore.open(repoDir);
                Repository repo = Repository.open(store, key, opts)) {
            VerifyReport report = repo.verify(VerifyOptions.readAllData());
            assertTrue(report.ok(), "verify --read-data after " + KILLS + " kills: " + report);
            List<SnapshotInfo> snapshots = repo.snapshots();
            assertTrue(!snapshots.isEmpty());
            SnapshotInfo last = snapshots.get(snapshots.size() - 1);
            Path old = tmp.resolve("old");
            RestoreResult rr = repo.restoreTree(last.id(), "workspace", "", old, RestoreOptions.defaults(), null);
            assertEquals(last.component("workspace").orElseThrow().files(), rr.files());

            SnapshotInfo next;
            try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.incremental())) {
                w.addTree("workspace", src, null);
                next = w.commit();
            }
            PruneReport pr = repo.prune(new PruneOptions(false, Duration.ZERO, 0.3));
            assertTrue(pr.packsDeleted() >= 0);
            Path out = tmp.resolve("out");
            repo.restoreTree(next.id(), "workspace", "", out, RestoreOptions.defaults(), null);
            TestTrees.assertSameTree(src, out, List.of());
            assertTrue(repo.verify(VerifyOptions.readAllData()).ok());
        } finally {
            if (!base.equals(tmp)) {
                try (var walk = Files.walk(base)) {
                    for (Path p :
                            walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
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
            Thread.sleep(20);
        }
        throw new AssertionError("child did not print '" + marker + "' " + count + " times: " + Files.readString(log));
    }

    /**
     * Short leases, no clock skew: a killed child's lock is removed at once as a dead local holder's (FORMAT.md
     * section 9), and would go stale five seconds later anyway. Five seconds, not one: on a loaded machine (two
     * modules' tests at once, load 25) a 1-second lease ran out before its refresh thread got the CPU, and the
     * child stopped with LeaseLostException as the protocol says it must.
     */
    static RepositoryOptions options() {
        RepositoryOptions d = RepositoryOptions.defaults().withParallelJobs(2);
        return d.withLocking(
                new LockOptions(
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(1),
                        Duration.ZERO,
                        Duration.ofMillis(100),
                        d.host(),
                        "crash-test"),
                Duration.ofSeconds(30));
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
