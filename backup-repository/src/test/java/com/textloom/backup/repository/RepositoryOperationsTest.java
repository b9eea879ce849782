package com.textloom.backup.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.lock.LockKind;
import com.textloom.backup.repository.lock.RepositoryLock;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryOperationsTest {
    @TempDir
    Path tmp;

    private final KeySource key = KeySource.key(KeySource.generateKey());

    /** {@code store}, counting its listings of the lock files in {@code count}. */
    private static BlobStore countingLockListings(BlobStore store, AtomicInteger count) {
        return (BlobStore) Proxy.newProxyInstance(
                BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("list") && "locks/".equals(args[0])) {
                        count.incrementAndGet();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private LocalBlobStore store() throws Exception {
        return LocalBlobStore.open(tmp.resolve("repo"));
    }

    private static SnapshotInfo backup(Repository repo, SnapshotSpec spec, String component, Path root)
            throws Exception {
        try (SnapshotWriter w = repo.newSnapshot(spec)) {
            w.addTree(component, root, ProgressListener.NONE);
            return w.commit();
        }
    }

    private Path workspace(int files) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("ws"));
        for (int i = 0; i < files; i++) {
            Path d = Files.createDirectories(root.resolve("dir" + (i % 7)));
            TestTrees.writeFile(d.resolve("f" + i + ".txt"), 20_000 + i * 500L, i);
        }
        return root;
    }

    @Test
    void anIncrementalSnapshotReusesUnchangedFilesWithoutReadingThemAndRestoresOnItsOwn() throws Exception {
        Path ws = workspace(40);
        try (LocalBlobStore store = store();
                Repository repo = Repository.init(store, key, RepositoryRoundTripTest.small())) {
            SnapshotInfo first = backup(repo, SnapshotSpec.full(), "workspace", ws);
            Path changed = ws.resolve("dir3/f3.txt");
            TestTrees.writeFile(changed, 30_000, 99);
            Files.setLastModifiedTime(changed, FileTime.fromMillis(System.currentTimeMillis() + 5000));
            AtomicLong read = new AtomicLong();
            SnapshotInfo inc;
            try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.incremental())) {
                ComponentInfo c = w.addTree("workspace", ws, new ProgressListener() {
                    @Override
                    public void bytesProcessed(long n) {
                        read.addAndGet(n);
                    }
                });
                assertEquals(39, c.unchangedFiles());
                assertEquals(40, c.files());
                inc = w.commit();
            }
            assertEquals(30_000, read.get(), "only the changed file was read");
            assertEquals(first.id(), inc.parent());
            assertEquals(SnapshotType.INCREMENTAL, inc.type());
            SnapshotInfo full = backup(repo, SnapshotSpec.full(), "workspace", ws);
            assertEquals(0, full.component("workspace").orElseThrow().unchangedFiles());
            assertEquals(0, full.component("workspace").orElseThrow().newBytes(), "a full re-read stores nothing new");
            repo.forget(List.of(first.id()));
            repo.prune(PruneOptions.defaults().withSafetyMargin(Duration.ZERO));
            Path out = tmp.resolve("out");
            repo.restoreTree(inc.id(), "workspace", null, out, RestoreOptions.defaults(), null);
            TestTrees.assertSameTree(ws, out, List.of());
        }
    }

    @Test
    void theSameBytesAreStoredOnceAcrossSnapshotsAndComponents() throws Exception {
        Path ws = workspace(20);
        try (LocalBlobStore store = store();
                Repository repo = Repository.init(store, key, RepositoryRoundTripTest.small())) {
            backup(repo, SnapshotSpec.full(), "workspace", ws);
            long after1 = size(store);
            SnapshotInfo s2;
            try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.full())) {
                w.addTree("copy-a", ws, null);
                w.addTree("copy-b", ws, null);
                s2 = w.commit();
            }
            long growth = size(store) - after1;
            assertTrue(growth < 20_000, "second snapshot of the same data added only metadata: " + growth);
            assertEquals(0, s2.component("copy-b").orElseThrow().newBytes());
        }
    }

    @Test
    void componentNamesDotAndDotDotAreRefusedBecauseRestoresUseThemAsDirectoryNames() throws Exception {
        Path ws = workspace(1);
        try (LocalBlobStore store = store();
                Repository repo = Repository.init(store, key, RepositoryRoundTripTest.small());
                SnapshotWriter w = repo.newSnapshot(SnapshotSpec.full())) {
            for (String name : new String[] {".", ".."}) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> w.addTree(name, ws, null), name);
                assertTrue(e.getMessage().contains("not . or .."), e.getMessage());
                assertThrows(
                        IllegalArgumentException.class,
                        () -> w.addStream(name, new ByteArrayInputStream(new byte[] {1}), Map.of(), null),
                        name);
            }
        }
    }

    @Test
    void closingARepositoryForgetsTheSerializedMasterKey() throws Exception {
        try (LocalBlobStore store = store()) {
            Repository repo = Repository.init(store, key, RepositoryRoundTripTest.small());
            repo.addKey(KeySource.key(KeySource.generateKey()), "before close");
            repo.close();
            repo.close();
            assertThrows(
                    IllegalStateException.class,
                    () -> repo.addKey(KeySource.key(KeySource.generateKey()), "after close"),
                    "a closed handle must not wrap a zeroed master key into a new slot");
            try (Repository again = Repository.open(store, key, RepositoryRoundTripTest.small())) {
                assertEquals(2, again.keys().size());
            }
        }
    }

    @Test
    void aKeySlotIsRemovedOnlyUnderTheExclusiveLock() throws Exception {
        try (LocalBlobStore store = store();
                Repository repo = Repository.init(store, key, RepositoryRoundTripTest.small())) {
            KeyInfo added = repo.addKey(KeySource.key(KeySource.generateKey()), "spare");
            RepositoryOptions impatient = RepositoryRoundTripTest.small()
                    .withLocking(RepositoryRoundTripTest.small().locking(), Duration.ofMillis(500));
            try (Repository other = Repository.open(store, key, impatient);
                    RepositoryLock backupRunning = repo.lock(LockKind.SHARED, "backup")) {
                assertThrows(RepositoryLockedException.class, () -> other.removeKey(added.id()));
            }
            assertEquals(2, repo.keys().size(), "nothing removed while another process held a lock");
            repo.removeKey(added.id());
            assertEquals(1, repo.keys().size());
        }
    }

    @Test
    void theAllZeroKeyIsRefusedForANewRepositoryOrSlot() throws Exception {
        KeySource zero = KeySource.key(java.util.Base64.getUrlEncoder().encodeToString(new byte[32]));
        try (LocalBlobStore store = store()) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> Repository.init(store, zero, RepositoryRoundTripTest.small()));
            assertTrue(e.getMessage().contains("placeholder"), e.getMessage());
            assertFalse(store.exists("config"), "nothing written");
            try (Repository repo = Repository.init(store, key, RepositoryRoundTripTest.small())) {
                assertThrows(IllegalArgumentException.class, () -> repo.addKey(zero, "zero"));
                assertEquals(1, repo.keys().size());
            }
        }
    }

    private static long size(BlobStore s) throws Exception {
        return s.list("").stream().mapToLong(BlobStore.BlobInfo::size).sum();
    }

    @Test
    void aWrongKeyIsAClearErrorAndKeysRotateWithoutRewritingData() throws Exception {
        Path ws = workspace(3);
        SnapshotInfo s;
        try (LocalBlobStore store = store()) {
            try (Repository repo = Repository.init(store, key, RepositoryRoundTripTest.small())) {
                s = backup(repo, SnapshotSpec.full(), "workspace", ws);
            }
            WrongKeyException e = assertThrows(
                    WrongKeyException.class,
                    () -> Repository.open(
                            store, KeySource.key(KeySource.generateKey()), RepositoryRoundTripTest.small()));
            assertTrue(e.getMessage().contains("no key slot"), e.getMessage());
            assertThrows(
                    WrongKeyException.class,
                    () -> Repository.open(store, KeySource.unencrypted(), RepositoryRoundTripTest.small()));
            Set<String> dataBefore = names(store, "data/");
            KeySource second = KeySource.passphrase("second key".toCharArray(), 1000);
            try (Repository repo = Repository.open(store, key, RepositoryRoundTripTest.small())) {
                KeyInfo added = repo.addKey(second, "rotation");
                assertEquals(2, repo.keys().size());
                String firstId = repo.keys().stream()
                        .filter(KeyInfo::current)
                        .findFirst()
                        .orElseThrow()
                        .id();
                repo.removeKey(firstId);
                assertEquals(
                        List.of(added.id()),
                        repo.keys().stream().map(KeyInfo::id).toList());
                assertThrows(RepositoryException.class, () -> repo.removeKey(added.id()), "never the last slot");
            }
            assertThrows(WrongKeyException.class, () -> Repository.open(store, key, RepositoryRoundTripTest.small()));
            try (Repository repo = Repository.open(store, second, RepositoryRoundTripTest.small())) {
                assertEquals(s.id(), repo.snapshots().get(0).id());
                assertTrue(repo.verify(VerifyOptions.readAllData()).ok());
            }
            assertEquals(dataBefore, names(store, "data/"), "no pack was rewritten");
        }
    }

    private static Set<String> names(BlobStore s, String prefix) throws Exception {
        Set<String> out = new HashSet<>();
        for (BlobStore.BlobInfo b : s.list(prefix)) {
            out.add(b.name());
        }
        return out;
    }

    @Test
    void flippedBytesInRandomPacksAreNamedBlobByBlobWithTheSnapshotsThatNeedThem() throws Exception {
        Path ws = workspace(30);
        try (LocalBlobStore store = store();
                Repository repo = Repository.init(store, key, RepositoryRoundTripTest.small())) {
            SnapshotInfo s1 = backup(repo, SnapshotSpec.full(), "workspace", ws);
            SnapshotInfo s2;
            try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.full())) {
                w.addStream("db", new ByteArrayInputStream(new byte[300_000]), Map.of(), null);
                s2 = w.commit();
            }
            assertTrue(repo.verify(VerifyOptions.readAllData()).ok());
            List<BlobStore.BlobInfo> packs = new ArrayList<>(store.list("data/"));
            java.util.Collections.shuffle(packs, new Random(7));
            Random r = new Random(7);
            Set<String> flippedPacks = new HashSet<>();
            for (BlobStore.BlobInfo p : packs.subList(0, 3)) {
                // one byte inside the blob area (the first half; the header is at the end)
                Path file = store.root().resolve(p.name());
                byte[] bytes = Files.readAllBytes(file);
                bytes[r.nextInt(bytes.length / 2)] ^= 0x5a;
                Files.write(file, bytes);
                flippedPacks.add(p.name());
            }
            VerifyReport quick = repo.verify(VerifyOptions.quick());
            VerifyReport full = repo.verify(VerifyOptions.readAllData());
            assertFalse(full.ok());
            Map<String, Long> perPack = new java.util.HashMap<>();
            boolean treeDamaged = full.damaged().stream().anyMatch(d -> d.type().equals("tree"));
            for (VerifyReport.DamagedBlob d : full.damaged()) {
                perPack.merge(d.pack(), 1L, Long::sum);
                // a blob below a damaged tree cannot be traced to its snapshots any more
                if (!treeDamaged || d.type().equals("tree")) {
                    assertFalse(d.snapshots().isEmpty(), "names the snapshots needing " + d);
                    assertTrue(d.snapshots().contains(s1.id()) || d.snapshots().contains(s2.id()));
                }
            }
            assertEquals(flippedPacks, perPack.keySet(), "every damaged pack is named");
            for (long n : perPack.values()) {
                assertEquals(1L, n, "exactly the one blob holding the flipped byte: " + full.damaged());
            }
            assertTrue(quick.damaged().size() <= full.damaged().size());
        }
    }

    @Test
    void pruneRemovesOnlyUnreferencedDataAndRepacksMostlyEmptyPacks() throws Exception {
        Path ws = workspace(30);
        try (LocalBlobStore store = store();
                Repository repo = Repository.init(store, key, RepositoryRoundTripTest.small())) {
            SnapshotInfo keep = backup(repo, SnapshotSpec.full(), "workspace", ws);
            Path other = Files.createDirectories(tmp.resolve("other"));
            TestTrees.writeFile(other.resolve("big"), 3_000_000, 1234);
            SnapshotInfo drop = backup(repo, SnapshotSpec.full(), "other", other);
            long before = size(store);
            PruneReport dry = repo.prune(PruneOptions.defaults().withDryRun(true));
            assertEquals(0, dry.packsDeleted(), "nothing is unreferenced yet");
            repo.deleteSnapshot(drop.shortId());
            PruneReport r = repo.prune(PruneOptions.defaults().withSafetyMargin(Duration.ZERO));
            assertTrue(r.packsDeleted() > 0);
            assertTrue(size(store) < before - 1_000_000, "the dropped snapshot's data is gone");
            assertTrue(repo.verify(VerifyOptions.readAllData()).ok());
            Path out = tmp.resolve("out");
            repo.restoreTree(keep.id(), "workspace", "", out, RestoreOptions.defaults(), null);
            TestTrees.assertSameTree(ws, out, List.of());
            assertEquals(
                    List.of(keep.id()),
                    repo.snapshots().stream().map(SnapshotInfo::id).toList());
        }
    }

    @Test
    void pruneWhileABackupRunsWaitsForItAndKeepsEveryBlobItNeeds() throws Exception {
        Path ws = workspace(10);
        RepositoryOptions opts = CrashSafetyTest.options();
        AtomicInteger lockListings = new AtomicInteger();
        try (LocalBlobStore local = store();
                BlobStore store = countingLockListings(local, lockListings);
                Repository repo = Repository.init(store, key, opts)) {
            SnapshotInfo old = backup(repo, SnapshotSpec.full(), "workspace", ws);
            Path more = Files.createDirectories(tmp.resolve("more"));
            TestTrees.writeFile(more.resolve("new-data"), 2_000_000, 77);
            repo.forget(List.of(old.id()));
            SnapshotWriter running = repo.newSnapshot(SnapshotSpec.full());
            // the running backup reuses every blob of the forgotten snapshot and adds new ones
            running.addTree("workspace", ws, null);
            running.addTree("more", more, null);
            int listed = lockListings.get();
            var pruning = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return repo.prune(PruneOptions.defaults().withSafetyMargin(Duration.ZERO));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            // the prune took its shared lock (the locks listed twice: before and after writing its own) and has tried
            // its exclusive one three times (once a listing each), and it still waits
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (lockListings.get() < listed + 5 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(lockListings.get() >= listed + 5, "the prune did not try its exclusive lock again and again");
            assertFalse(pruning.isDone(), "prune waits for the running backup before deleting");
            SnapshotInfo s = running.commit();
            pruning.get();
            VerifyReport v = repo.verify(VerifyOptions.readAllData());
            assertTrue(v.ok(), v.toString());
            Path out = tmp.resolve("out");
            repo.restoreTree(s.id(), "more", "", out, RestoreOptions.defaults(), null);
            TestTrees.assertSameTree(more, out, List.of());
            Path out2 = tmp.resolve("out2");
            repo.restoreTree(s.id(), "workspace", "", out2, RestoreOptions.defaults(), null);
            TestTrees.assertSameTree(ws, out2, List.of());
        }
    }

    @Test
    void aHandleOpenedBeforeAPruneNeverReusesBlobsThePruneRemoved() throws Exception {
        Path ws = workspace(8);
        try (LocalBlobStore store = store()) {
            try (Repository first = Repository.init(store, key, RepositoryRoundTripTest.small())) {
                backup(first, SnapshotSpec.full(), "workspace", ws);
            }
            try (Repository stale = Repository.open(store, key, RepositoryRoundTripTest.small());
                    Repository other = Repository.open(store, key, RepositoryRoundTripTest.small())) {
                other.forget(other.snapshots().stream().map(SnapshotInfo::id).toList());
                other.prune(PruneOptions.defaults().withSafetyMargin(Duration.ZERO));
                assertTrue(store.list("data/").isEmpty(), "every pack is gone");
                SnapshotInfo s = backup(stale, SnapshotSpec.full(), "workspace", ws);
                assertTrue(stale.verify(VerifyOptions.readAllData()).ok());
                Path out = tmp.resolve("out");
                other.restoreTree(s.id(), "workspace", "", out, RestoreOptions.defaults(), null);
                TestTrees.assertSameTree(ws, out, List.of());
            }
        }
    }

    @Test
    void unindexedPacksYoungerThanTheSafetyMarginSurvivePrune() throws Exception {
        Path ws = workspace(5);
        try (LocalBlobStore store = store();
                Repository repo = Repository.init(store, key, RepositoryRoundTripTest.small())) {
            backup(repo, SnapshotSpec.full(), "workspace", ws);
            // a backup in progress: its packs are stored, its index and snapshot not yet
            String orphan = "data/ab/ab"
                    + com.textloom.backup.repository.crypto.FileIds.newId().substring(2);
            store.put(orphan, new byte[100]);
            PruneReport r = repo.prune(PruneOptions.defaults());
            assertEquals(1, r.orphanPacksKept());
            assertTrue(store.exists(orphan));
        }
    }

    @Test
    void aRestoreNeverWritesOutsideItsTarget() throws Exception {
        Path ws = workspace(2);
        try (LocalBlobStore store = store();
                Repository repo = Repository.init(store, key, RepositoryRoundTripTest.small())) {
            SnapshotInfo s = backup(repo, SnapshotSpec.full(), "workspace", ws);
            Path out = tmp.resolve("out");
            for (String bad : List.of("../etc", "dir0/../../x", "/etc/passwd", "dir0/./f0.txt")) {
                assertThrows(
                        IllegalArgumentException.class,
                        () -> repo.restoreTree(s.id(), "workspace", bad, out, RestoreOptions.defaults(), null),
                        bad);
            }
            // a symlink planted in the target where a directory will go is replaced, not followed
            Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
            Files.createDirectories(out);
            Files.createSymbolicLink(out.resolve("dir0"), elsewhere);
            repo.restoreTree(s.id(), "workspace", "", out, RestoreOptions.defaults(), null);
            assertTrue(Files.isDirectory(out.resolve("dir0"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
            assertEquals(0, TestTrees.list(elsewhere).size());
            Path sub = tmp.resolve("sub");
            repo.restoreTree(s.id(), "workspace", "dir1/f1.txt", sub, RestoreOptions.defaults(), null);
            assertEquals(-1L, Files.mismatch(ws.resolve("dir1/f1.txt"), sub.resolve("f1.txt")));
        }
    }

    @Test
    void anUnencryptedRepositoryStillDetectsDamage() throws Exception {
        Path ws = workspace(3);
        try (LocalBlobStore store = store()) {
            try (Repository repo = Repository.init(store, KeySource.unencrypted(), RepositoryRoundTripTest.small())) {
                backup(repo, SnapshotSpec.full(), "workspace", ws);
            }
            try (Repository repo = Repository.open(store, KeySource.unencrypted(), RepositoryRoundTripTest.small())) {
                assertTrue(repo.verify(VerifyOptions.readAllData()).ok());
                Path pack = store.root().resolve(store.list("data/").get(0).name());
                byte[] b = Files.readAllBytes(pack);
                b[10] ^= 1;
                Files.write(pack, b);
                assertFalse(repo.verify(VerifyOptions.readAllData()).ok());
            }
        }
    }

    @Test
    void closingAWriterWithoutCommitLeavesNoSnapshot() throws Exception {
        Path ws = workspace(3);
        try (LocalBlobStore store = store();
                Repository repo = Repository.init(store, key, RepositoryRoundTripTest.small())) {
            try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.full())) {
                w.addTree("workspace", ws, null);
            }
            assertTrue(repo.snapshots().isEmpty());
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            assertThrows(RepositoryException.class, () -> repo.dumpStream("latest", "db", sink));
        }
    }
}
