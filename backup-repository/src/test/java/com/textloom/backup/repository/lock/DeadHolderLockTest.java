package com.textloom.backup.repository.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.textloom.backup.repository.RepositoryLockedException;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY.md finding 4: a lock whose holder was killed with {@code kill -9} on this host is
 * taken over at once (restic's {@code Lock.Stale()}); a live local holder's lock, another host's
 * lock and a lock written before lock files carried the holder's process identity are still
 * respected until their lease runs out. The holders are real child JVMs taking the lock with the
 * library's locker and the default 3-minute lease, so only the dead-process check can explain an
 * early takeover.
 */
class DeadHolderLockTest {
    private static final String HOST = "dead-holder-test-host";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path repo;
    private LocalBlobStore store;
    private Process child;

    @BeforeEach
    void repository() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "the dead-process check reads /proc");
        repo = dir.resolve("repo");
        store = LocalBlobStore.open(repo);
    }

    @AfterEach
    void killChild() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts a child JVM holding a lock of {@code kind}; returns the id of its lock file. */
    private String startHolder(String kind) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        child = new ProcessBuilder(
                        java,
                        "-Xmx64m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        LockHolderChild.class.getName(),
                        repo.toString(),
                        HOST,
                        kind)
                .redirectError(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("child.err").toFile()))
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(
                line != null && line.startsWith("LOCKED "),
                "child did not lock: " + line + " " + Files.readString(dir.resolve("child.err")));
        return line.substring("LOCKED ".length());
    }

    private void kill9() throws Exception {
        long pid = child.pid();
        Process kill =
                new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child " + pid + " did not die");
    }

    private static RepositoryLocker locker(LocalBlobStore store, String host) {
        return new RepositoryLocker(store, LockOptions.defaults(host, "textloom-backup repo prune"));
    }

    @Test
    void theLockOfAHolderKilledWithKill9OnThisHostIsTakenOverAtOnce() throws Exception {
        String dead = startHolder("exclusive");
        kill9();
        assertTrue(store.exists("locks/" + dead), "kill -9 leaves the lock file behind");

        long started = System.nanoTime();
        try (RepositoryLock lock = locker(store, HOST).acquireExclusive(Duration.ZERO)) {
            assertTrue(lock.isValid());
            assertFalse(store.exists("locks/" + dead), "the dead holder's lock file was removed");
        }
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30), "taken at once");
    }

    @Test
    void theLockOfALiveHolderOnThisHostIsRespected() throws Exception {
        String live = startHolder("shared");
        RepositoryLockedException e = assertThrows(
                RepositoryLockedException.class, () -> locker(store, HOST).acquireExclusive(Duration.ZERO));
        assertTrue(e.holder().contains("pid " + child.pid() + " on " + HOST), e.holder());
        assertTrue(store.exists("locks/" + live));
    }

    @Test
    void aDeadHoldersLockFromAnotherHostOrAnOlderWriterWaitsForItsLease() throws Exception {
        String id = startHolder("exclusive");
        kill9();
        ObjectNode written = (ObjectNode) JSON.readTree(store.readAll("locks/" + id));
        Instant expires = Instant.parse(written.get("expires").asText());

        // the same dead pid, but recorded by a process on another host: its pid means nothing here
        ObjectNode otherHost = written.deepCopy();
        otherHost.put("host", "another-host");
        store.put("locks/" + id, JSON.writeValueAsBytes(otherHost));
        assertThrows(RepositoryLockedException.class, () -> locker(store, HOST).acquireExclusive(Duration.ZERO));
        assertTrue(store.exists("locks/" + id));

        // a lock file as version-1 writers before this change wrote it: host and pid, nothing more
        ObjectNode old = JSON.createObjectNode();
        for (String f : new String[] {"version", "kind", "host", "pid", "process", "created", "expires"}) {
            old.set(f, written.get(f));
        }
        store.put("locks/" + id, JSON.writeValueAsBytes(old));
        assertThrows(RepositoryLockedException.class, () -> locker(store, HOST).acquireExclusive(Duration.ZERO));
        assertTrue(store.exists("locks/" + id));

        // both still age out: after the lease and the clock skew (1 min) they are stale
        Clock later = Clock.fixed(expires.plus(Duration.ofMinutes(1)).plusSeconds(1), java.time.ZoneOffset.UTC);
        for (ObjectNode n : new ObjectNode[] {otherHost, old}) {
            store.put("locks/" + id, JSON.writeValueAsBytes(n));
            RepositoryLocker aged =
                    new RepositoryLocker(store, LockOptions.defaults(HOST, "textloom-backup repo prune"), later);
            assertEquals(1, aged.removeStale().size());
            assertFalse(store.exists("locks/" + id));
        }
    }

    @Test
    void aReusedPidIsGoneAndAnotherBootOrPidNamespaceIsNeverJudged() {
        long pid = ProcessHandle.current().pid();
        ProcessStamp me = ProcessStamp.self().orElseThrow();
        assertEquals(ProcessStamp.Liveness.ALIVE, ProcessStamp.liveness(pid, me));
        // the same pid, but a process that started at another time: the holder is gone, the pid reused
        assertEquals(
                ProcessStamp.Liveness.GONE,
                ProcessStamp.liveness(
                        pid, new ProcessStamp(me.bootId(), me.pidNamespace(), me.uid(), me.startTicks() - 1)));
        // another boot (a reboot, or another machine with the same host name), another pid namespace
        // (a container), or no stamp at all: the pid means nothing here, the lease decides
        assertEquals(
                ProcessStamp.Liveness.UNKNOWN,
                ProcessStamp.liveness(
                        pid, new ProcessStamp("another-boot", me.pidNamespace(), me.uid(), me.startTicks() - 1)));
        assertEquals(
                ProcessStamp.Liveness.UNKNOWN,
                ProcessStamp.liveness(pid, new ProcessStamp(me.bootId(), "pid:[1]", me.uid(), me.startTicks() - 1)));
        assertEquals(ProcessStamp.Liveness.UNKNOWN, ProcessStamp.liveness(pid, null));
    }
}
