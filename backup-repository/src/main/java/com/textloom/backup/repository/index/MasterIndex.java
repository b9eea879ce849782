package com.textloom.backup.repository.index;

import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.pack.PackEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory union of all index files: blob id → pack, offset, length. Compact (about 60
 * bytes per blob in flat arrays, no object per entry), so millions of blobs fit in a small heap.
 * The first location added for a blob is its primary one ({@link #lookup}, {@link #byPack}); the
 * other copies index files list (FORMAT.md §7: any listed copy is valid) are kept too, in a small
 * side table, for readers that fall back to them ({@link #lookupAll}). Thread-safe.
 */
public final class MasterIndex {
  /** Where a blob is. */
  public record Location(BlobType type, BlobId id, String packId, int offset, int length,
      int rawLength) {}

  private final List<String> packIds = new ArrayList<>();
  private final Map<String, Integer> packNumbers = new HashMap<>();
  private byte[] ids = new byte[32 * 1024];
  private int[] pack = new int[1024];
  private int[] offset = new int[1024];
  private int[] length = new int[1024];
  private int[] raw = new int[1024];
  private byte[] type = new byte[1024];
  private int count;
  private int[] table = new int[2048];
  /** Copies beyond the first, by blob: rare (concurrent backups, repacks in progress). */
  private final Map<BlobId, List<Location>> otherCopies = new HashMap<>();

  /** Adds the blobs of a pack (those already known elsewhere keep their first location). */
  public synchronized void add(String packId, List<PackEntry> entries) {
    Integer p = packNumbers.get(packId);
    if (p == null) {
      p = packIds.size();
      packIds.add(packId);
      packNumbers.put(packId, p);
    }
    for (PackEntry e : entries) {
      addEntry(p, e);
    }
  }

  private void addEntry(int p, PackEntry e) {
    int slot = find(e.id());
    if (table[slot] != 0) {
      int i = table[slot] - 1;
      if (pack[i] != p || offset[i] != e.offset()) {
        Location copy = new Location(e.type(), e.id(), packIds.get(p), e.offset(), e.length(), e.rawLength());
        List<Location> others = otherCopies.computeIfAbsent(e.id(), k -> new ArrayList<>(1));
        if (!others.contains(copy)) {
          others.add(copy);
        }
      }
      return;
    }
    if (count == type.length) {
      int n = count * 2;
      ids = Arrays.copyOf(ids, n * 32);
      pack = Arrays.copyOf(pack, n);
      offset = Arrays.copyOf(offset, n);
      length = Arrays.copyOf(length, n);
      raw = Arrays.copyOf(raw, n);
      type = Arrays.copyOf(type, n);
    }
    e.id().copyTo(ids, count * 32);
    pack[count] = p;
    offset[count] = e.offset();
    length[count] = e.length();
    raw[count] = e.rawLength();
    type[count] = (byte) e.type().code();
    table[slot] = ++count;
    if (count * 2 > table.length) {
      rehash();
    }
  }

  private int find(BlobId id) {
    int mask = table.length - 1;
    int slot = id.hashCode() & mask;
    while (true) {
      int v = table[slot];
      if (v == 0 || id.equalsAt(ids, (v - 1) * 32)) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  private void rehash() {
    int[] old = table;
    table = new int[old.length * 2];
    int mask = table.length - 1;
    for (int v : old) {
      if (v != 0) {
        int i = v - 1;
        int h = (ids[i * 32] & 0xff) << 24 | (ids[i * 32 + 1] & 0xff) << 16
            | (ids[i * 32 + 2] & 0xff) << 8 | (ids[i * 32 + 3] & 0xff);
        int slot = h & mask;
        while (table[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        table[slot] = v;
      }
    }
  }

  /** Whether the blob is indexed. */
  public synchronized boolean has(BlobId id) {
    return table[find(id)] != 0;
  }

  /** The blob's location, or {@code null} when it is not indexed. */
  public synchronized Location lookup(BlobId id) {
    int v = table[find(id)];
    if (v == 0) {
      return null;
    }
    int i = v - 1;
    return new Location(BlobType.ofCode(type[i]), id, packIds.get(pack[i]), offset[i], length[i], raw[i]);
  }

  /** Every indexed copy of the blob, the primary one first; empty when it is not indexed. */
  public synchronized List<Location> lookupAll(BlobId id) {
    Location first = lookup(id);
    if (first == null) {
      return List.of();
    }
    List<Location> others = otherCopies.get(id);
    if (others == null) {
      return List.of(first);
    }
    List<Location> all = new ArrayList<>(others.size() + 1);
    all.add(first);
    all.addAll(others);
    return all;
  }

  /** Number of distinct blobs. */
  public synchronized int size() {
    return count;
  }

  /**
   * Every pack an index lists, and every copy of a blob it holds: the first locations and the
   * other copies (a blob listed in two packs appears under both).
   */
  public synchronized Map<String, List<PackEntry>> byPack() {
    Map<String, List<PackEntry>> out = new HashMap<>();
    for (int i = 0; i < count; i++) {
      out.computeIfAbsent(packIds.get(pack[i]), k -> new ArrayList<>())
          .add(new PackEntry(BlobType.ofCode(type[i]), BlobId.of(ids, i * 32), offset[i], length[i], raw[i]));
    }
    for (List<Location> copies : otherCopies.values()) {
      for (Location l : copies) {
        out.computeIfAbsent(l.packId(), k -> new ArrayList<>())
            .add(new PackEntry(l.type(), l.id(), l.offset(), l.length(), l.rawLength()));
      }
    }
    return out;
  }
}
