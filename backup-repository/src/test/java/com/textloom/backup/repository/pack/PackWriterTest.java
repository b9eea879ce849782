package com.textloom.backup.repository.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    assertNull(w.add(BlobType.DATA, id(1), new byte[600], 500));
    assertNull(w.add(BlobType.TREE, id(2), new byte[600], 500), "a tree blob opens its own pack");
    PackBuilder full = w.add(BlobType.DATA, id(3), new byte[400], 300);
    assertNotNull(full, "600 + 400 bytes reach the 1000-byte target");
    assertEquals(1000, full.size());
    assertEquals(List.of(id(1), id(3)), full.entries().stream().map(PackEntry::id).toList());
    assertNull(w.add(BlobType.DATA, id(4), new byte[10], 10), "the next blob opens a new pack");
    List<PackBuilder> rest = w.drain();
    assertEquals(2, rest.size());
    assertTrue(rest.stream().allMatch(p -> p.entries().stream().map(PackEntry::type).distinct().count() == 1));
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
}
