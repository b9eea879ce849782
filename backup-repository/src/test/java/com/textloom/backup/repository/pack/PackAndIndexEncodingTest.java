package com.textloom.backup.repository.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.textloom.backup.repository.CorruptBlobException;
import com.textloom.backup.repository.crypto.FileIds;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.index.IndexFile;
import com.textloom.backup.repository.index.MasterIndex;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackAndIndexEncodingTest {
    private final MasterKey key = MasterKey.random();

    @Test
    void aPackHeaderListsItsBlobsWithOffsetsAndIsAuthenticated() throws Exception {
        String packId = FileIds.newId();
        PackBuilder pb = new PackBuilder(packId, 16);
        Random r = new Random(1);
        for (int i = 0; i < 5; i++) {
            byte[] data = new byte[100 + i * 1000];
            r.nextBytes(data);
            BlobId id = BlobId.of(key.id(data, 0, data.length));
            byte[] enc = BlobEncoding.encode(data, 0, data.length, 0);
            pb.add(
                    i == 4 ? BlobType.TREE : BlobType.DATA,
                    id,
                    key.seal(Aad.blob(BlobType.DATA, id), enc, 0, enc.length),
                    data.length);
        }
        List<PackEntry> written = List.copyOf(pb.entries());
        byte[] pack;
        try (InputStream in = pb.finish(key).open()) {
            pack = in.readAllBytes();
        }
        String name = Pack.name(packId);
        assertEquals(written, Pack.parse(pack, pack.length, name, key));
        pack[pack.length - 10] ^= 1;
        byte[] damaged = pack;
        assertThrows(CorruptBlobException.class, () -> Pack.parse(damaged, damaged.length, name, key));
        pack[pack.length - 10] ^= 1;
        assertThrows(
                CorruptBlobException.class,
                () -> Pack.parse(damaged, damaged.length, Pack.name(FileIds.newId()), key),
                "header bound to its pack id");
    }

    @Test
    void anIndexFileRoundTripsAndFeedsTheMasterIndex() throws Exception {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        b[0] = 1;
        String p1 = FileIds.newId();
        String p2 = FileIds.newId();
        IndexFile f = new IndexFile(
                123L,
                List.of(FileIds.newId()),
                List.of(
                        new IndexFile.PackRecord(
                                p1,
                                List.of(
                                        new PackEntry(BlobType.DATA, BlobId.of(a), 0, 50, 20),
                                        new PackEntry(BlobType.TREE, BlobId.of(b), 50, 60, 31))),
                        new IndexFile.PackRecord(
                                p2, List.of(new PackEntry(BlobType.DATA, BlobId.of(a.clone()), 0, 50, 20)))));
        byte[] sealed = SealedFiles.seal(key, "index/x", f.encode(), 3);
        IndexFile back = IndexFile.decode(SealedFiles.open(key, "index/x", sealed), "index/x");
        assertEquals(f, back);
        MasterIndex idx = new MasterIndex();
        for (IndexFile.PackRecord p : back.packs()) {
            idx.add(p.packId(), p.entries());
        }
        assertEquals(2, idx.size());
        assertEquals(p1, idx.lookup(BlobId.of(a.clone())).packId(), "first location wins");
        assertEquals(BlobType.TREE, idx.lookup(BlobId.of(b.clone())).type());
        byte[] truncated = java.util.Arrays.copyOf(f.encode(), 40);
        assertThrows(CorruptBlobException.class, () -> IndexFile.decode(truncated, "index/x"));
    }

    @Test
    void theMasterIndexHoldsManyBlobs() {
        MasterIndex idx = new MasterIndex();
        Random r = new Random(2);
        byte[][] ids = new byte[50_000][32];
        String pack = FileIds.newId();
        List<PackEntry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            r.nextBytes(ids[i]);
            entries.add(new PackEntry(BlobType.DATA, BlobId.of(ids[i].clone()), i, 1, 1));
        }
        idx.add(pack, entries);
        assertEquals(ids.length, idx.size());
        for (int i = 0; i < ids.length; i += 997) {
            assertEquals(i, idx.lookup(BlobId.of(ids[i].clone())).offset());
        }
    }

    @Test
    void compressionIsSkippedWhenItDoesNotShrink() throws Exception {
        byte[] noise = new byte[10_000];
        new Random(3).nextBytes(noise);
        byte[] enc = BlobEncoding.encode(noise, 0, noise.length, 3);
        assertEquals(BlobEncoding.RAW, enc[0]);
        byte[] text = "aaaaaaaaaa".repeat(1000).getBytes();
        byte[] z = BlobEncoding.encode(text, 0, text.length, 3);
        assertEquals(BlobEncoding.ZSTD, z[0]);
        assertArrayEquals(text, BlobEncoding.decode(z, text.length, "x", null));
    }

    @Test
    void encodeAndSealOpensToTheBlobWhateverItsEncodingAndItsDecodedViewHoldsTheBlob() throws Exception {
        Random r = new Random(7);
        byte[] noise = new byte[300_000];
        r.nextBytes(noise);
        byte[] text = "a line of text that compresses well\n".repeat(9000).getBytes();
        byte[] tiny = {1, 2, 3};
        // a large blob first grows the thread's scratch buffer; the smaller ones after it reuse it
        for (byte[] data : List.of(noise, text, tiny, text)) {
            BlobId id = BlobId.of(key.id(data, 0, data.length));
            String aad = Aad.blob(BlobType.DATA, id);
            byte[] box = BlobEncoding.encodeAndSeal(key, aad, data, 0, data.length, 3);
            byte[] plain = key.open(aad, box, 0, box.length, id.hex(), "p");
            assertEquals(data == text ? BlobEncoding.ZSTD : BlobEncoding.RAW, plain[0]);
            assertArrayEquals(BlobEncoding.encode(data, 0, data.length, 3), plain);
            assertArrayEquals(data, BlobEncoding.decode(plain, data.length, id.hex(), "p"));
            // the view the restorer writes from holds the same bytes, and is checked alike
            java.nio.ByteBuffer view = BlobEncoding.decodeView(plain, data.length, id.hex(), "p");
            byte[] got = new byte[view.remaining()];
            view.get(got);
            assertArrayEquals(data, got);
            assertThrows(CorruptBlobException.class, () -> BlobEncoding.decodeView(plain, data.length + 1, "x", "p"));
        }
    }

    @Test
    void aStoredPacksBufferIsReusedForTheNextPackAndHoldsOnlyTheNewBlobs() throws Exception {
        PackWriter w = new PackWriter(1000);
        byte[] sealed = new byte[600];
        BlobId a = BlobId.of(key.id(new byte[] {1}, 0, 1));
        BlobId b = BlobId.of(key.id(new byte[] {2}, 0, 1));
        assertEquals(List.of(), w.add(BlobType.DATA, a, sealed, 1));
        List<PackBuilder> closed = w.add(BlobType.DATA, b, sealed, 1);
        assertEquals(1, closed.size());
        PackBuilder full = closed.get(0);
        byte[] first;
        try (InputStream in = full.finish(key).open()) {
            first = in.readAllBytes();
        }
        assertEquals(
                2,
                Pack.parse(first, first.length, Pack.name(full.packId()), key).size());
        w.recycle(full, 1);
        assertEquals(List.of(), w.add(BlobType.DATA, a, sealed, 1));
        List<PackBuilder> drained = w.drain();
        assertEquals(1, drained.size());
        byte[] second;
        try (InputStream in = drained.get(0).finish(key).open()) {
            second = in.readAllBytes();
        }
        assertEquals(
                1,
                Pack.parse(second, second.length, Pack.name(drained.get(0).packId()), key)
                        .size());
    }
}
