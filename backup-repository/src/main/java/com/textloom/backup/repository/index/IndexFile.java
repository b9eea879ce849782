package com.textloom.backup.repository.index;

import com.textloom.backup.repository.CorruptBlobException;
import com.textloom.backup.repository.crypto.FileIds;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.pack.SealedFiles;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.pack.PackEntry;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The payload of an index file {@code index/<id>} (FORMAT.md §7): which pack holds which blob.
 *
 * @param supersedes ids of index files whose entries this one carries too
 */
public record IndexFile(long createdMillis, List<String> supersedes, List<PackRecord> packs) {
  private static final HexFormat HEX = HexFormat.of();
  /** Packs per index file written by {@link #store}. */
  static final int PACKS_PER_INDEX = 1000;
  /** zstd level of index files. */
  private static final int ZSTD_LEVEL = 3;

  /**
   * Stores {@code records} as new index files of at most 1000 packs each, the first one naming
   * {@code supersedes} (the index files they replace, which the caller deletes afterwards, never
   * before: FORMAT.md §10 invariant 5).
   *
   * @return the ids of the index files written (none for no records)
   */
  public static List<String> store(BlobStore store, MasterKey key, List<PackRecord> records,
      List<String> supersedes) throws IOException {
    List<String> written = new ArrayList<>();
    for (int i = 0; i < records.size(); i += PACKS_PER_INDEX) {
      List<PackRecord> part = records.subList(i, Math.min(records.size(), i + PACKS_PER_INDEX));
      IndexFile f = new IndexFile(System.currentTimeMillis(), i == 0 ? supersedes : List.of(), part);
      String id = FileIds.newId();
      SealedFiles.write(store, key, IndexLoader.PREFIX + id, f.encode(), ZSTD_LEVEL);
      written.add(id);
    }
    return written;
  }

  /** The blobs of one pack. */
  public record PackRecord(String packId, List<PackEntry> entries) {}

  /** Encodes the payload (little-endian, as specified). */
  public byte[] encode() {
    int n = 4 + 1 + 8 + 4 + supersedes.size() * 32 + 4;
    for (PackRecord p : packs) {
      n += 36 + p.entries().size() * (1 + 4 + 4 + 4 + 32);
    }
    ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {'T', 'L', 'I', 'X'}).put((byte) 1).putLong(createdMillis);
    b.putInt(supersedes.size());
    for (String s : supersedes) {
      b.put(HEX.parseHex(s));
    }
    b.putInt(packs.size());
    byte[] id = new byte[32];
    for (PackRecord p : packs) {
      b.put(HEX.parseHex(p.packId())).putInt(p.entries().size());
      for (PackEntry e : p.entries()) {
        b.put((byte) e.type().code()).putInt(e.offset()).putInt(e.length()).putInt(e.rawLength());
        e.id().copyTo(id, 0);
        b.put(id);
      }
    }
    return b.array();
  }

  /** Decodes a payload of the index file {@code name}. */
  public static IndexFile decode(byte[] payload, String name) throws CorruptBlobException {
    try {
      ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
      if (b.get() != 'T' || b.get() != 'L' || b.get() != 'I' || b.get() != 'X') {
        throw new CorruptBlobException(name, null, "bad index magic");
      }
      int version = b.get();
      if (version != 1) {
        throw new CorruptBlobException(name, null, "unknown index version " + version);
      }
      long created = b.getLong();
      int ns = b.getInt();
      List<String> supersedes = new ArrayList<>();
      byte[] id = new byte[32];
      for (int i = 0; i < ns; i++) {
        b.get(id);
        supersedes.add(HEX.formatHex(id));
      }
      int np = b.getInt();
      List<PackRecord> packs = new ArrayList<>(Math.min(np, 1 << 16));
      for (int i = 0; i < np; i++) {
        b.get(id);
        String packId = HEX.formatHex(id);
        int count = b.getInt();
        List<PackEntry> entries = new ArrayList<>(Math.min(count, 1 << 16));
        for (int k = 0; k < count; k++) {
          BlobType type = BlobType.ofCode(b.get());
          int offset = b.getInt();
          int length = b.getInt();
          int raw = b.getInt();
          byte[] blob = new byte[32];
          b.get(blob);
          entries.add(new PackEntry(type, BlobId.of(blob), offset, length, raw));
        }
        packs.add(new PackRecord(packId, entries));
      }
      if (b.hasRemaining()) {
        throw new CorruptBlobException(name, null, b.remaining() + " trailing bytes");
      }
      return new IndexFile(created, supersedes, packs);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new CorruptBlobException(name, null, "index truncated or malformed");
    }
  }
}
