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
      pb.add(i == 4 ? BlobType.TREE : BlobType.DATA, id, key.seal(Aad.blob(BlobType.DATA, id), enc, 0, enc.length), data.length);
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
    assertThrows(CorruptBlobException.class,
        () -> Pack.parse(damaged, damaged.length, Pack.name(FileIds.newId()), key), "header bound to its pack id");
  }

  @Test
  void anIndexFileRoundTripsAndFeedsTheMasterIndex() throws Exception {
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    b[0] = 1;
    String p1 = FileIds.newId();
    String p2 = FileIds.newId();
    IndexFile f = new IndexFile(123L, List.of(FileIds.newId()), List.of(
        new IndexFile.PackRecord(p1, List.of(new PackEntry(BlobType.DATA, BlobId.of(a), 0, 50, 20),
            new PackEntry(BlobType.TREE, BlobId.of(b), 50, 60, 31))),
        new IndexFile.PackRecord(p2, List.of(new PackEntry(BlobType.DATA, BlobId.of(a.clone()), 0, 50, 20)))));
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
}
