package com.textloom.backup.repository.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.RepositoryLockedException;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.FaultyBlobStore;
import com.textloom.backup.repository.storage.InMemoryBlobStore;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryLockerTest {

    @TempDir
    Path dir;

    /** Short leases so expiry can be seen within a test. */
    static LockOptions quick(String process) {
        return new LockOptions(
                Duration.ofMillis(1500),
                Duration.ofMillis(300),
                Duration.ofMillis(300),
                Duration.ofMillis(20),
                "test-host",
                process);
    }

    @Test
    void sharedLocksCoexist() throws Exception {
        BlobStore store = new InMemoryBlobStore("mem");
        RepositoryLocker backup1 = new RepositoryLocker(store, quick("backup-manager backup"));
        RepositoryLocker backup2 = new RepositoryLocker(store, quick("textloom-backup repo backup"));
        try (RepositoryLock a = backup1.acquireShared(Duration.ZERO);
                RepositoryLock b = backup2.acquireShared(Duration.ZERO)) {
            assertTrue(a.isValid() && b.isValid());
            assertEquals(2, backup1.list().size());
        }
        assertEquals(List.of(), store.list("locks/"), "closing removes each lock file");
    }

    @Test
    void anExclusiveLockerIsRefusedWithTheHolderAndSinceWhen() throws Exception {
        BlobStore store = new InMemoryBlobStore("mem");
        try (RepositoryLock held =
                new RepositoryLocker(store, quick("backup-manager backup")).acquireShared(Duration.ZERO)) {
            RepositoryLockedException e = assertThrows(
                    RepositoryLockedException.class,
                    () -> new RepositoryLocker(store, quick("textloom-backup repo prune"))
                            .acquireExclusive(Duration.ofMillis(300)));
            assertTrue(e.holder().contains("backup-manager backup"), e.holder());
            assertTrue(e.holder().contains("pid " + ProcessHandle.current().pid()), e.holder());
            assertTrue(e.holder().contains("test-host"), e.holder());
            assertEquals(held.info().created(), e.since());
            assertTrue(e.getMessage().contains("locked shared by"), e.getMessage());
            assertEquals(1, store.list("locks/").size(), "the refused locker left no file behind");
        }
    }

    @Test
    void aSharedLockerIsRefusedWhileAnExclusiveLockIsHeld() throws Exception {
        BlobStore store = new InMemoryBlobStore("mem");
        try (RepositoryLock prune = new RepositoryLocker(store, quick("prune")).acquireExclusive(Duration.ZERO)) {
            RepositoryLockedException e = assertThrows(
                    RepositoryLockedException.class,
                    () -> new RepositoryLocker(store, quick("backup")).acquireShared(Duration.ZERO));
            assertTrue(e.holder().contains("prune"));
            assertThrows(
                    RepositoryLockedException.class,
                    () -> new RepositoryLocker(store, quick("prune 2")).acquireExclusive(Duration.ZERO));
        }
    }

    @Test
    void anExclusiveLockerWaitsUntilTheHolderReleases() throws Exception {
        FaultyBlobStore store = new FaultyBlobStore(new InMemoryBlobStore("mem"));
        RepositoryLock backup = new RepositoryLocker(store, quick("backup")).acquireShared(Duration.ZERO);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            int listed = store.calls(FaultyBlobStore.Op.LIST);
            Future<RepositoryLock> prune = pool.submit(
                    () -> new RepositoryLocker(store, quick("prune")).acquireExclusive(Duration.ofSeconds(10)));
            // the prune has looked at the locks three times (met the backup's, and checked again twice) ...
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (store.calls(FaultyBlobStore.Op.LIST) < listed + 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(store.calls(FaultyBlobStore.Op.LIST) >= listed + 3, "the prune never checked the locks again");
            // ... and is still waiting, not refused and not holding a lock next to the backup's
            assertFalse(prune.isDone(), "prune must wait while the backup holds its lock");
            backup.close();
            try (RepositoryLock lock = prune.get(10, TimeUnit.SECONDS)) {
                assertEquals(LockKind.EXCLUSIVE, lock.kind());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void racingExclusiveLockersNeverHoldTheLockTogether() throws Exception {
        BlobStore store = LocalBlobStore.open(dir.resolve("repo"));
        assertMutualExclusion(store, 4, 8, false);
    }

    @Test
    void racingExclusiveAndSharedLockersNeverOverlap() throws Exception {
        BlobStore store = new InMemoryBlobStore("mem");
        assertMutualExclusion(store, 4, 10, true);
    }

    /**
     * {@code threads} lockers each take the lock {@code rounds} times at the same moment; an
     * exclusive holder must be alone, whoever else runs.
     */
    private static void assertMutualExclusion(BlobStore store, int threads, int rounds, boolean mixShared)
            throws Exception {
        AtomicInteger exclusiveInside = new AtomicInteger();
        AtomicInteger sharedInside = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        AtomicInteger exclusiveRuns = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            boolean shared = mixShared && t % 2 == 1;
            RepositoryLocker locker = new RepositoryLocker(store, quick("worker " + t));
            futures.add(pool.submit(() -> {
                start.await();
                for (int r = 0; r < rounds; r++) {
                    try (RepositoryLock lock =
                            locker.acquire(shared ? LockKind.SHARED : LockKind.EXCLUSIVE, Duration.ofSeconds(60))) {
                        if (shared) {
                            sharedInside.incrementAndGet();
                            if (exclusiveInside.get() > 0) {
                                violations.incrementAndGet();
                            }
                            Thread.sleep(5);
                            sharedInside.decrementAndGet();
                        } else {
                            if (exclusiveInside.incrementAndGet() > 1 || sharedInside.get() > 0) {
                                violations.incrementAndGet();
                            }
                            exclusiveRuns.incrementAndGet();
                            Thread.sleep(5);
                            lock.checkValid();
                            exclusiveInside.decrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(0, violations.get(), "an exclusive lock was held together with another lock");
        assertEquals((mixShared ? threads / 2 : threads) * rounds, exclusiveRuns.get());
        assertEquals(List.of(), store.list("locks/"));
    }

    @Test
    void theHolderRefreshesItsLeaseSoItOutlivesTheFirstExpiry() throws Exception {
        BlobStore store = new InMemoryBlobStore("mem");
        try (RepositoryLock lock = new RepositoryLocker(store, quick("backup")).acquireShared(Duration.ZERO)) {
            Instant firstExpiry = lock.info().expires();
            Thread.sleep(3500); // more than two leases
            lock.checkValid();
            LockInfo onStore = LockInfo.parse(
                    lock.info().id(), store.readAll("locks/" + lock.info().id()));
            assertTrue(onStore.expires().isAfter(firstExpiry.plusMillis(1500)), onStore.toString());
            assertThrows(
                    RepositoryLockedException.class,
                    () -> new RepositoryLocker(store, quick("prune")).acquireExclusive(Duration.ZERO));
        }
    }

    @Test
    void aCrashedHoldersLockIsTakenOverOnlyAfterItsLeaseAndTheClockSkew() throws Exception {
        BlobStore store = LocalBlobStore.open(dir.resolve("repo"));
        Instant now = Instant.now();
        // a holder that crashed: its lease runs out in 200 ms and nobody refreshes it
        LockInfo crashed = new LockInfo(
                "ab".repeat(32),
                LockKind.SHARED,
                "other-host",
                4242,
                "backup-manager backup",
                now.minusSeconds(60),
                now.plusMillis(200));
        store.put("locks/" + crashed.id(), crashed.toJson());
        RepositoryLocker prune = new RepositoryLocker(store, quick("prune").withClockSkew(Duration.ofMillis(500)));

        RepositoryLockedException e =
                assertThrows(RepositoryLockedException.class, () -> prune.acquireExclusive(Duration.ZERO));
        assertTrue(e.holder().contains("pid 4242 on other-host"), e.holder());
        Thread.sleep(400); // lease over, but still within the clock skew
        assertThrows(RepositoryLockedException.class, () -> prune.acquireExclusive(Duration.ZERO));
        assertTrue(store.exists("locks/" + crashed.id()), "nothing removes a lock within its skew");

        Thread.sleep(500);
        try (RepositoryLock lock = prune.acquireExclusive(Duration.ZERO)) {
            assertTrue(lock.isValid());
            assertFalse(store.exists("locks/" + crashed.id()), "the stale lock was removed");
        }
    }

    @Test
    void aLockAheadOfItsHoldersClockIsNotTakenEarly() throws Exception {
        BlobStore store = new InMemoryBlobStore("mem");
        // this host's clock runs 1 s behind: the holder's fresh lease looks long to it, never short
        Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-1));
        try (RepositoryLock lock = new RepositoryLocker(store, quick("backup")).acquireShared(Duration.ZERO)) {
            RepositoryLocker skewed = new RepositoryLocker(store, quick("prune"), behind);
            assertThrows(RepositoryLockedException.class, () -> skewed.acquireExclusive(Duration.ZERO));
            assertEquals(List.of(), skewed.removeStale());
            assertTrue(lock.isValid());
        }
    }

    @Test
    void aHolderThatCannotRefreshLosesItsLeaseAndIsTold() throws Exception {
        FaultyBlobStore store = new FaultyBlobStore(new InMemoryBlobStore("mem"));
        RepositoryLock lock = new RepositoryLocker(store, quick("prune")).acquireExclusive(Duration.ZERO);
        AtomicReference<String> told = new AtomicReference<>();
        CountDownLatch lost = new CountDownLatch(1);
        lock.addListener((l, reason) -> {
            told.set(reason);
            lost.countDown();
        });
        lock.checkValid();
        store.failFrom(FaultyBlobStore.Op.PUT, 1); // the store refuses every write from now on

        assertTrue(lost.await(5, TimeUnit.SECONDS), "the listener must be told");
        assertTrue(told.get().contains("lease ran out"), told.get());
        LeaseLostException e = assertThrows(LeaseLostException.class, lock::checkValid);
        assertTrue(e.getMessage().contains("lost the exclusive lock"), e.getMessage());
        assertFalse(lock.isValid());

        store.heal();
        Thread.sleep(500);
        assertThrows(LeaseLostException.class, lock::checkValid, "a lost lease is never renewed");
        lock.close();
    }

    @Test
    void aHolderWhoseLockFileWasRemovedLosesItsLease() throws Exception {
        BlobStore store = new InMemoryBlobStore("mem");
        RepositoryLock lock = new RepositoryLocker(store, quick("backup")).acquireShared(Duration.ZERO);
        CountDownLatch lost = new CountDownLatch(1);
        lock.addListener((l, reason) -> lost.countDown());
        store.delete("locks/" + lock.info().id());
        assertTrue(lost.await(5, TimeUnit.SECONDS));
        LeaseLostException e = assertThrows(LeaseLostException.class, lock::checkValid);
        assertTrue(e.getMessage().contains("was removed"), e.getMessage());
        lock.close();
        assertEquals(List.of(), store.list("locks/"), "a lost lease is not written back");
    }

    @Test
    void anUnreadableLockFileConflictsAndIsNeverRemoved() throws Exception {
        BlobStore store = new InMemoryBlobStore("mem");
        store.put("locks/" + "cd".repeat(32), "not a lock".getBytes(StandardCharsets.UTF_8));
        RepositoryLocker locker = new RepositoryLocker(store, quick("prune"));
        RepositoryLockedException e =
                assertThrows(RepositoryLockedException.class, () -> locker.acquireExclusive(Duration.ZERO));
        assertTrue(e.holder().contains("unreadable lock file"), e.holder());
        assertEquals(List.of(), locker.removeStale());
        assertEquals(
                "not a lock",
                new String(store.readAll("locks/" + "cd".repeat(32)), StandardCharsets.UTF_8),
                "the unreadable lock file is still there, untouched");
    }

    @Test
    void lockFilesRecordTheHolderInJson() throws Exception {
        BlobStore store = new InMemoryBlobStore("mem");
        try (RepositoryLock lock =
                new RepositoryLocker(store, quick("textloom-backup repo backup")).acquireShared(Duration.ZERO)) {
            String json = new String(store.readAll("locks/" + lock.info().id()), StandardCharsets.UTF_8);
            assertTrue(json.contains("\"kind\":\"shared\""), json);
            assertTrue(json.contains("\"process\":\"textloom-backup repo backup\""), json);
            assertTrue(json.contains("\"host\":\"test-host\""), json);
            assertEquals(64, lock.info().id().length());
            assertEquals(
                    Instant.now().atZone(ZoneOffset.UTC).getYear(),
                    lock.info().created().atZone(ZoneOffset.UTC).getYear());
        }
    }
}
