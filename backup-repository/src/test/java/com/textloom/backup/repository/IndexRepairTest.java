package com.textloom.backup.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY.md finding 3: a damaged index file no longer makes the repository unopenable. Open
 * leaves it out with a warning, verify names it as damage, prune refuses to run on a partial index,
 * and {@code repair index} rebuilds the index from the pack headers, after which verify
 * {@code --read-data} is clean and every snapshot restores byte for byte.
 */
class IndexRepairTest {
    @TempDir
    Path tmp;

    private final KeySource key = KeySource.key(KeySource.generateKey());

    /** Snapshot id → what it holds: a workspace directory or a stream's bytes. */
    private final Map<String, Object> backedUp = new LinkedHashMap<>();
    /** Snapshot id → the index files its backup wrote. */
    private final Map<String, List<String>> indexOf = new LinkedHashMap<>();

    /** Three snapshots (two trees, one stream), each with index files of its own. */
    private LocalBlobStore threeSnapshots() throws IOException {
        LocalBlobStore store = LocalBlobStore.open(tmp.resolve("repo"));
        try (Repository repo = Repository.init(store, key, RepositoryRoundTripTest.small())) {
            for (int i = 0; i < 3; i++) {
                Set<String> before = new HashSet<>(indexIds(store));
                SnapshotInfo s;
                try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.full())) {
                    if (i == 1) {
                        byte[] dump = new byte[700_000];
                        new Random(i).nextBytes(dump);
                        w.addStream("database", new ByteArrayInputStream(dump), Map.of(), ProgressListener.NONE);
                        s = w.commit();
                        backedUp.put(s.id(), dump);
                    } else {
                        Path ws = Files.createDirectories(tmp.resolve("ws" + i).resolve("docs"));
                        TestTrees.writeFile(ws.resolve("f" + i + ".bin"), 600_000, i);
                        TestTrees.writeFile(ws.resolve("small.txt"), 1_000, 10 + i);
                        w.addTree("workspace", ws.getParent(), ProgressListener.NONE);
                        s = w.commit();
                        backedUp.put(s.id(), ws.getParent());
                    }
                }
                List<String> added = new ArrayList<>(indexIds(store));
                added.removeAll(before);
                assertFalse(added.isEmpty());
                indexOf.put(s.id(), added);
            }
        }
        return store;
    }

    private static List<String> indexIds(BlobStore store) throws IOException {
        return store.list("index/").stream()
                .map(b -> b.name().substring("index/".length()))
                .toList();
    }

    private Path indexPath(String id) {
        return tmp.resolve("repo").resolve("index").resolve(id);
    }

    /** Damages two index files: bytes flipped in the first snapshot's, the second's cut short. */
    private List<String> damageTwoIndexFiles() throws IOException {
        List<String> snaps = new ArrayList<>(indexOf.keySet());
        String flipped = indexOf.get(snaps.get(0)).get(0);
        byte[] b = Files.readAllBytes(indexPath(flipped));
        for (int i = 0; i < 3; i++) {
            b[b.length / 2 + i] ^= (byte) 0x5a;
        }
        Files.write(indexPath(flipped), b);
        String cut = indexOf.get(snaps.get(1)).get(0);
        byte[] c = Files.readAllBytes(indexPath(cut));
        Files.write(indexPath(cut), java.util.Arrays.copyOf(c, c.length / 3));
        return List.of(flipped, cut);
    }

    private void assertEverySnapshotRestores(Repository repo) throws IOException {
        for (var e : backedUp.entrySet()) {
            if (e.getValue() instanceof Path ws) {
                Path out = tmp.resolve("out-" + e.getKey());
                repo.restoreTree(e.getKey(), "workspace", null, out, RestoreOptions.defaults(), null);
                TestTrees.assertSameTree(ws, out, List.of());
            } else {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                repo.dumpStream(e.getKey(), "database", out);
                assertArrayEquals((byte[]) e.getValue(), out.toByteArray());
            }
        }
    }

    @Test
    void aRepositoryWithDamagedIndexFilesOpensVerifyNamesThemAndUndamagedSnapshotsStillWork() throws Exception {
        try (LocalBlobStore store = threeSnapshots()) {
            List<String> damaged = damageTwoIndexFiles();
            try (Repository repo = Repository.open(store, key, RepositoryRoundTripTest.small())) {
                assertEquals(3, repo.snapshots().size());
                VerifyReport report = repo.verify(VerifyOptions.quick());
                assertFalse(report.ok());
                for (String id : damaged) {
                    assertTrue(
                            report.errors().stream().anyMatch(e -> e.contains("index/" + id)),
                            id + " not named in " + report.errors());
                }
                // the third snapshot's index is intact: it restores
                String third = new ArrayList<>(backedUp.keySet()).get(2);
                Path out = tmp.resolve("out-third");
                repo.restoreTree(third, "workspace", null, out, RestoreOptions.defaults(), null);
                TestTrees.assertSameTree((Path) backedUp.get(third), out, List.of());
                // a new backup runs (what the damaged files listed is stored again, never assumed present)
                try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.full())) {
                    w.addTree(
                            "workspace",
                            (Path) backedUp.get(new ArrayList<>(backedUp.keySet()).get(0)),
                            ProgressListener.NONE);
                    w.commit();
                }
                // prune on a partial index could take the damaged files' packs for unused: it refuses
                int packs = store.list("data/").size();
                RepositoryException e = assertThrows(
                        RepositoryException.class,
                        () -> repo.prune(PruneOptions.defaults().withSafetyMargin(Duration.ZERO)));
                assertTrue(e.getMessage().contains("repair index"), e.getMessage());
                assertEquals(packs, store.list("data/").size(), "prune deleted nothing");
            }
        }
    }

    @Test
    void repairIndexRebuildsTheIndexFromThePackHeadersAndEverySnapshotRestores() throws Exception {
        try (LocalBlobStore store = threeSnapshots()) {
            List<String> damaged = damageTwoIndexFiles();
            List<String> before = indexIds(store);
            try (Repository repo = Repository.open(store, key, RepositoryRoundTripTest.small())) {
                assertEquals(damaged.stream().sorted().map(id -> "index/" + id).toList(), repo.damagedIndexFiles());
                IndexRepairReport r = repo.repairIndex();
                assertEquals(
                        damaged.stream().sorted().map(id -> "index/" + id).toList(),
                        r.damagedIndexFiles().stream().sorted().toList());
                assertEquals(before.size(), r.indexFilesRemoved().size());
                assertEquals(List.of(), r.unreadablePacks());
                assertEquals(store.list("data/").size(), r.packsRead());
                assertTrue(r.packsNewlyIndexed() >= 2, "the damaged files' packs: " + r);
                assertTrue(r.indexFilesWritten() >= 1);
                assertEquals(List.of(), repo.damagedIndexFiles());
                for (String id : before) {
                    assertFalse(store.exists("index/" + id), "old index file " + id + " removed");
                }
                VerifyReport v = repo.verify(VerifyOptions.readAllData());
                assertTrue(v.ok(), v.toString());
                assertEverySnapshotRestores(repo);
                // the index is whole again: prune runs
                repo.prune(PruneOptions.defaults().withSafetyMargin(Duration.ZERO));
            }
            try (Repository repo = Repository.open(store, key, RepositoryRoundTripTest.small())) {
                assertTrue(repo.verify(VerifyOptions.readAllData()).ok());
                assertEverySnapshotRestores(repo);
            }
        }
    }
}
