package com.textloom.backup.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.crypto.FileIds;
import com.textloom.backup.repository.crypto.KeySlot;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.index.BlobReader;
import com.textloom.backup.repository.index.IndexFile;
import com.textloom.backup.repository.index.IndexLoader;
import com.textloom.backup.repository.pack.Aad;
import com.textloom.backup.repository.pack.BlobEncoding;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.pack.Pack;
import com.textloom.backup.repository.pack.PackBuilder;
import com.textloom.backup.repository.pack.PackEntry;
import com.textloom.backup.repository.pack.SealedFiles;
import com.textloom.backup.repository.snapshot.SnapshotStore;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damage the repository survives or names (issue 11, item 3): a tree blob that does not hash to
 * its id is never restored, a blob with a damaged copy is read from another copy, and a damaged
 * snapshot file is left out of listing, parent lookup and prune instead of stopping them.
 */
class DamageToleranceTest {
    @TempDir
    Path tmp;

    private final KeySource key = KeySource.key(KeySource.generateKey());

    @Test
    void aRestoreReHashesTreeBlobsAndTakesAnotherCopyWhenOneDoesNotHashToItsId() throws Exception {
        Path ws1 = tree("ws1", "a.txt", 1);
        Path ws2 = tree("ws2", "b.txt", 2);
        try (LocalBlobStore store = LocalBlobStore.open(tmp.resolve("repo"))) {
            SnapshotInfo s1;
            SnapshotInfo s2;
            try (Repository repo = Repository.init(store, key, RepositoryRoundTripTest.small())) {
                s1 = backup(repo, ws1);
                s2 = backup(repo, ws2);
            }
            MasterKey master = masterKey(store);
            BlobId root1 = root(store, master, s1);
            byte[] plain2 = new BlobReader(store, master, IndexLoader.load(store, master, 1))
                    .load(BlobType.TREE, root(store, master, s2));
            // a box sealed by a key holder for root1's id and type, holding another directory (a writer bug, a forger)
            byte[] encoded = BlobEncoding.encode(plain2, 0, plain2.length, 0);
            byte[] forged = master.seal(Aad.blob(BlobType.TREE, root1), encoded, 0, encoded.length);
            PackBuilder pb = new PackBuilder(FileIds.newId(), 1 << 16);
            pb.add(BlobType.TREE, root1, forged, plain2.length);
            store.put(Pack.name(pb.packId()), pb.finish(master));
            IndexFile.PackRecord forgedPack = new IndexFile.PackRecord(pb.packId(), List.copyOf(pb.entries()));

            rewriteIndex(store, master, List.of(forgedPack), e -> true); // the forged copy is the primary one
            try (Repository repo = Repository.open(store, key, RepositoryRoundTripTest.small())) {
                Path out = tmp.resolve("out1");
                repo.restoreTree(s1.id(), "workspace", null, out, RestoreOptions.defaults(), null);
                TestTrees.assertSameTree(ws1, out, List.of());
            }

            rewriteIndex(
                    store, master, List.of(forgedPack), e -> !e.id().equals(root1)); // only the forged copy is left
            try (Repository repo = Repository.open(store, key, RepositoryRoundTripTest.small())) {
                CorruptBlobException e = assertThrows(
                        CorruptBlobException.class,
                        () -> repo.restoreTree(
                                s1.id(), "workspace", null, tmp.resolve("out2"), RestoreOptions.defaults(), null));
                assertTrue(e.getMessage().contains("does not hash to its id"), e.getMessage());
                assertTrue(e.getMessage().contains(root1.hex()), e.getMessage());
            }
        }
    }

    /**
     * A one-snapshot repository whose data pack has a second indexed copy under another pack id (as
     * a concurrent backup or a repack makes), listed after the original: the original is primary.
     */
    private record TwoCopies(SnapshotInfo snapshot, IndexFile.PackRecord data, String copyId) {}

    private TwoCopies twoCopies(LocalBlobStore store, Path ws) throws IOException {
        SnapshotInfo s;
        try (Repository repo = Repository.init(store, key, RepositoryRoundTripTest.small())) {
            s = backup(repo, ws);
        }
        MasterKey master = masterKey(store);
        IndexFile.PackRecord data = null;
        List<IndexFile.PackRecord> withCopy = new ArrayList<>();
        for (IndexFile f : IndexLoader.readAll(store, master, 1).files().values()) {
            for (IndexFile.PackRecord p : f.packs()) {
                withCopy.add(p);
                if (p.entries().get(0).type() == BlobType.DATA) {
                    data = p;
                }
            }
        }
        String copyId = FileIds.newId();
        store.put(Pack.name(copyId), store.readAll(Pack.name(data.packId())));
        withCopy.add(new IndexFile.PackRecord(copyId, data.entries()));
        replaceIndex(store, master, withCopy);
        return new TwoCopies(s, data, copyId);
    }

    /** Flips one byte inside the first blob of {@code pack}. */
    private void damageFirstBlob(String pack, IndexFile.PackRecord data) throws IOException {
        Path file = tmp.resolve("repo").resolve(pack);
        byte[] bytes = Files.readAllBytes(file);
        bytes[data.entries().get(0).offset() + 40] ^= 0x01;
        Files.write(file, bytes);
    }

    @Test
    void aBlobWhosePackIsDamagedIsRestoredFromItsOtherCopy() throws Exception {
        Path ws = tree("ws", "big.bin", 3);
        try (LocalBlobStore store = LocalBlobStore.open(tmp.resolve("repo"))) {
            TwoCopies t = twoCopies(store, ws);
            damageFirstBlob(Pack.name(t.data().packId()), t.data());

            try (Repository repo = Repository.open(store, key, RepositoryRoundTripTest.small())) {
                Path out = tmp.resolve("out");
                repo.restoreTree(t.snapshot().id(), "workspace", null, out, RestoreOptions.defaults(), null);
                TestTrees.assertSameTree(ws, out, List.of());
            }
        }
    }

    /**
     * A blob with two indexed copies, one of them damaged (FORMAT.md §7: any listed copy is valid):
     * verify names the damaged copy's pack, whichever copy it is, and says the blob is still readable
     * from the other; a restore uses the good copy.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void verifyNamesADamagedCopyAndSaysTheBlobIsStillReadableFromTheOther(boolean damagePrimary) throws Exception {
        Path ws = tree("ws", "big.bin", 5);
        try (LocalBlobStore store = LocalBlobStore.open(tmp.resolve("repo"))) {
            TwoCopies t = twoCopies(store, ws);
            String damagedPack = Pack.name(damagePrimary ? t.data().packId() : t.copyId());
            String goodPack = Pack.name(damagePrimary ? t.copyId() : t.data().packId());
            damageFirstBlob(damagedPack, t.data());

            try (Repository repo = Repository.open(store, key, RepositoryRoundTripTest.small())) {
                VerifyReport report = repo.verify(VerifyOptions.readAllData());
                assertFalse(report.ok(), "a damaged copy is damage: " + report);
                assertEquals(1, report.damaged().size(), report.toString());
                VerifyReport.DamagedBlob d = report.damaged().get(0);
                assertEquals(t.data().entries().get(0).id().hex(), d.blobId());
                assertEquals(damagedPack, d.pack());
                assertTrue(d.problem().contains("still readable from its copy in " + goodPack), d.problem());
                assertEquals(goodPack, d.readableFrom());
                assertEquals(List.of(t.snapshot().id()), d.snapshots());
                Path out = tmp.resolve("out");
                repo.restoreTree(t.snapshot().id(), "workspace", null, out, RestoreOptions.defaults(), null);
                TestTrees.assertSameTree(ws, out, List.of());
            }
        }
    }

    /**
     * A tree pack cut short (RELIABILITY.md finding 3, seed 5976051188241: verify then exited 1, the
     * store refusing the ranged read past the end): verify names the tree blob and its pack.
     */
    @Test
    void verifyNamesATreeBlobWhosePackWasCutShort() throws Exception {
        Path ws = tree("ws", "a.txt", 6);
        try (LocalBlobStore store = LocalBlobStore.open(tmp.resolve("repo"))) {
            SnapshotInfo s;
            try (Repository repo = Repository.init(store, key, RepositoryRoundTripTest.small())) {
                s = backup(repo, ws);
            }
            MasterKey master = masterKey(store);
            BlobId root = root(store, master, s);
            String treePack = null;
            for (IndexFile f : IndexLoader.readAll(store, master, 1).files().values()) {
                for (IndexFile.PackRecord p : f.packs()) {
                    if (p.entries().stream().anyMatch(e -> e.id().equals(root))) {
                        treePack = Pack.name(p.packId());
                    }
                }
            }
            Path file = tmp.resolve("repo").resolve(treePack);
            Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 20));

            try (Repository repo = Repository.open(store, key, RepositoryRoundTripTest.small())) {
                for (VerifyOptions o : List.of(VerifyOptions.quick(), VerifyOptions.readAllData())) {
                    VerifyReport report = repo.verify(o);
                    assertFalse(report.ok());
                    String p = treePack;
                    assertTrue(
                            report.damaged().stream()
                                    .anyMatch(d -> d.blobId().equals(root.hex())
                                            && p.equals(d.pack())
                                            && d.problem().contains("truncated")),
                            report.toString());
                }
            }
        }
    }

    @Test
    void aDamagedSnapshotIsLeftOutOfListingParentLookupAndPruneAndVerifyNamesIt() throws Exception {
        Path ws = tree("ws", "a.txt", 4);
        try (LocalBlobStore store = LocalBlobStore.open(tmp.resolve("repo"))) {
            SnapshotInfo first;
            SnapshotInfo second;
            try (Repository repo = Repository.init(store, key, RepositoryRoundTripTest.small())) {
                first = backup(repo, ws);
                second = backup(repo, ws);
            }
            Path file = tmp.resolve("repo/snapshots").resolve(second.id());
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(file, bytes);

            try (Repository repo = Repository.open(store, key, RepositoryRoundTripTest.small())) {
                assertEquals(
                        List.of(first.id()),
                        repo.snapshots().stream().map(SnapshotInfo::id).toList());
                assertEquals(first.id(), repo.snapshot("latest").id());
                SnapshotInfo third;
                try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.incremental())) {
                    w.addTree("workspace", ws, ProgressListener.NONE);
                    third = w.commit();
                }
                assertEquals(first.id(), third.parent(), "the newest readable snapshot is the parent");
                repo.forget(List.of(first.id()));
                repo.prune(PruneOptions.defaults().withSafetyMargin(Duration.ZERO));
                VerifyReport report = repo.verify(VerifyOptions.readAllData());
                assertEquals(List.of(), report.damaged());
                assertEquals(1, report.errors().size(), report.errors().toString());
                assertTrue(
                        report.errors().get(0).contains("snapshot " + second.id() + " is damaged"),
                        report.errors().toString());
                Path out = tmp.resolve("out");
                repo.restoreTree(third.id(), "workspace", null, out, RestoreOptions.defaults(), null);
                TestTrees.assertSameTree(ws, out, List.of());
            }
        }
    }

    private Path tree(String dir, String file, long seed) throws IOException {
        Path root = Files.createDirectories(tmp.resolve(dir).resolve("docs"));
        TestTrees.writeFile(root.resolve(file), 300_000, seed);
        return tmp.resolve(dir);
    }

    private static SnapshotInfo backup(Repository repo, Path ws) throws IOException {
        try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.full())) {
            w.addTree("workspace", ws, ProgressListener.NONE);
            return w.commit();
        }
    }

    private MasterKey masterKey(BlobStore store) throws IOException {
        BlobStore.BlobInfo slot = store.list("keys/").get(0);
        String id = slot.name().substring("keys/".length());
        return KeySlot.parse(id, store.readAll(slot.name())).unwrap(id, key).orElseThrow();
    }

    private static BlobId root(BlobStore store, MasterKey master, SnapshotInfo s) throws IOException {
        return BlobId.parse(new SnapshotStore(store, master)
                .read(s.id())
                .component("workspace")
                .root());
    }

    /** Replaces every index file by one listing {@code first}, then the entries kept by {@code keep}. */
    private static void rewriteIndex(
            BlobStore store, MasterKey master, List<IndexFile.PackRecord> first, Predicate<PackEntry> keep)
            throws IOException {
        List<IndexFile.PackRecord> records = new ArrayList<>(first);
        for (IndexFile f : IndexLoader.readAll(store, master, 1).files().values()) {
            for (IndexFile.PackRecord p : f.packs()) {
                if (first.stream().noneMatch(r -> r.packId().equals(p.packId()))) {
                    List<PackEntry> kept = p.entries().stream().filter(keep).toList();
                    if (!kept.isEmpty()) {
                        records.add(new IndexFile.PackRecord(p.packId(), kept));
                    }
                }
            }
        }
        replaceIndex(store, master, records);
    }

    private static void replaceIndex(BlobStore store, MasterKey master, List<IndexFile.PackRecord> records)
            throws IOException {
        Map<String, IndexFile> old = IndexLoader.readAll(store, master, 1).files();
        SealedFiles.write(
                store,
                master,
                "index/" + FileIds.newId(),
                new IndexFile(System.currentTimeMillis(), List.of(), records).encode(),
                3);
        for (String id : old.keySet()) {
            store.delete("index/" + id);
        }
    }
}
