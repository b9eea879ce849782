package com.textloom.backup.repository.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.storage.InMemoryBlobStore;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one pack writer of the blob saver and prune: packs per type, cut at the target size. */
class PackWriterTest {
    private static BlobId id(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        return BlobId.of(b);
    }

    @Test
    void aPackIsHandedBackOnceItReachesTheTargetSizeAndHoldsOneTypeOnly() {
        PackWriter w = new PackWriter(1000);
        assertTrue(w.add(BlobType.DATA, id(1), new byte[600], 500).isEmpty());
        assertTrue(w.add(BlobType.TREE, id(2), new byte[600], 500).isEmpty(), "a tree blob opens its own pack");
        List<PackBuilder> closed = w.add(BlobType.DATA, id(3), new byte[400], 300);
        assertEquals(1, closed.size(), "600 + 400 bytes reach the 1000-byte target");
        PackBuilder full = closed.get(0);
        assertEquals(1000, full.size());
        assertEquals(
                List.of(id(1), id(3)),
                full.entries().stream().map(PackEntry::id).toList());
        assertTrue(w.add(BlobType.DATA, id(4), new byte[10], 10).isEmpty(), "the next blob opens a new pack");
        List<PackBuilder> rest = w.drain();
        assertEquals(2, rest.size());
        assertTrue(rest.stream()
                .allMatch(p ->
                        p.entries().stream().map(PackEntry::type).distinct().count() == 1));
        assertTrue(w.drain().isEmpty(), "drain closes the open packs");
    }

    @Test
    void aStoredPackParsesBackWithItsEntries() throws Exception {
        MasterKey key = MasterKey.random();
        byte[] sealed = key.seal("x", new byte[100], 0, 100);
        PackWriter w = new PackWriter(1 << 20);
        w.add(BlobType.DATA, id(7), sealed, 100);
        PackBuilder pb = w.drain().get(0);
        InMemoryBlobStore store = new InMemoryBlobStore("packs");
        long n = PackWriter.store(store, key, pb);
        byte[] bytes;
        try (InputStream in = store.open(Pack.name(pb.packId()))) {
            bytes = in.readAllBytes();
        }
        assertEquals(n, bytes.length);
        List<PackEntry> parsed = Pack.parse(bytes, bytes.length, Pack.name(pb.packId()), key);
        assertEquals(List.of(new PackEntry(BlobType.DATA, id(7), 0, sealed.length, 100)), parsed);
    }

    @Test
    void aBlobThatWouldTakeAPackPastItsBufferClosesThePackFirst() {
        MasterKey key = MasterKey.random();
        int packSize = 1 << 20;
        int buffer = packSize + (64 << 10); // the target and the header's room
        PackWriter w = new PackWriter(packSize);
        assertTrue(w.add(BlobType.DATA, id(1), new byte[1_000_000], 1_000_000).isEmpty());
        assertTrue(w.hasRoom(BlobType.DATA, 100_000));
        assertFalse(w.hasRoom(BlobType.DATA, 120_000), "1 000 000 + 120 000 bytes and a header exceed the buffer");
        List<PackBuilder> closed = w.add(BlobType.DATA, id(2), new byte[120_000], 120_000);
        assertEquals(1, closed.size());
        assertEquals(
                List.of(id(1)),
                closed.get(0).entries().stream().map(PackEntry::id).toList());
        assertTrue(closed.get(0).finish(key).length() <= buffer);
        List<PackBuilder> rest = w.drain();
        assertEquals(
                List.of(id(2)),
                rest.get(0).entries().stream().map(PackEntry::id).toList(),
                "the blob went to a new pack");
    }

    @Test
    void aBlobLargerThanAPackGetsAPackOfItsOwn() throws Exception {
        MasterKey key = MasterKey.random();
        PackWriter w = new PackWriter(1 << 20);
        assertTrue(w.add(BlobType.DATA, id(1), new byte[1000], 900).isEmpty());
        List<PackBuilder> closed = w.add(BlobType.DATA, id(2), new byte[3 << 20], 3 << 20);
        assertEquals(2, closed.size(), "the open pack, then the large blob's own");
        assertEquals(
                List.of(id(2)),
                closed.get(1).entries().stream().map(PackEntry::id).toList());
        assertTrue(w.drain().isEmpty());
        InMemoryBlobStore store = new InMemoryBlobStore("packs");
        PackWriter.store(store, key, closed.get(1));
        byte[] bytes;
        try (InputStream in = store.open(Pack.name(closed.get(1).packId()))) {
            bytes = in.readAllBytes();
        }
        assertEquals(
                3 << 20,
                Pack.parse(bytes, bytes.length, Pack.name(closed.get(1).packId()), key)
                        .get(0)
                        .length());
    }

    @Test
    void aClosedPackIsHandedBackByTheLastBlobWrittenIntoIt() {
        PackWriter w = new PackWriter(1 << 20);
        PackWriter.Slot a = w.reserve(BlobType.DATA, id(1), 350_000, 350_000);
        PackWriter.Slot b = w.reserve(BlobType.DATA, id(2), 350_000, 350_000);
        PackWriter.Slot c = w.reserve(BlobType.DATA, id(3), 350_000, 350_000);
        assertFalse(w.isOpen(BlobType.DATA), "closed at the target size");
        assertSame(a.buffer(), c.buffer());
        assertEquals(700_000, c.offset());
        assertNull(b.written());
        assertNull(c.written(), "a blob is still being written into the pack");
        PackBuilder ready = a.written();
        assertNotNull(ready);
        assertEquals(1_050_000, ready.size());

        PackWriter.Slot d = w.reserve(BlobType.DATA, id(4), 10, 10);
        assertNull(w.close(BlobType.DATA), "closed, but its blob is not written yet");
        assertNotNull(d.written());
        PackWriter.Slot e = w.reserve(BlobType.DATA, id(5), 10, 10);
        assertThrows(IllegalStateException.class, w::drain, "a pack is stored only once its blobs are written");
        assertNotNull(e.written(), "the last blob written hands the closed pack back");
    }
}
