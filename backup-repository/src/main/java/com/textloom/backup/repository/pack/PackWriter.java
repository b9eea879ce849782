package com.textloom.backup.repository.pack;

import com.textloom.backup.repository.crypto.FileIds;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.storage.BlobSource;
import com.textloom.backup.repository.storage.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Groups sealed blobs into packs (FORMAT.md §6): one open pack per blob type, as a pack holds
 * data blobs or tree blobs, never both; a pack is closed once it reaches the target size and
 * handed back to the caller to store. Used by the backup's blob saver and by prune's repacking,
 * so both cut packs the same way. Not thread-safe: the caller serialises {@link #add} and
 * {@link #drain}.
 */
public final class PackWriter {
  /** The largest buffer a pack starts with; it grows past this only for a large pack size. */
  private static final int MAX_INITIAL_CAPACITY = 64 << 20;
  /**
   * The buffer a tree pack starts with (grown by copying): trees are a small share of a backup, so
   * their pack, open for the whole backup, must not pin a data pack's buffer.
   */
  private static final int TREE_INITIAL_CAPACITY = 1 << 20;

  private final int packSize;
  private final int capacity;
  private final PackBuilder[] open = new PackBuilder[BlobType.values().length];
  /** Buffers of stored packs, reused for new ones: a backup allocates a few, not one per pack. */
  private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
  private final AtomicInteger freeCount = new AtomicInteger();

  /** @param packSize the target pack size in bytes (the repository config's {@code pack_size}) */
  public PackWriter(int packSize) {
    this.packSize = packSize;
    this.capacity = Math.min(packSize + (packSize >> 3), MAX_INITIAL_CAPACITY);
  }

  /** Whether a pack of {@code type} is open (the next {@link #add} of that type appends to it). */
  public boolean isOpen(BlobType type) {
    return open[type.code()] != null;
  }

  /**
   * Appends a sealed blob to the open pack of its type (opening one with a new pack id if there is
   * none).
   *
   * @return the pack this blob filled to the target size, now closed and to be stored by the
   *     caller; {@code null} while the pack has room
   */
  public PackBuilder add(BlobType type, BlobId id, byte[] sealed, int rawLength) {
    PackBuilder pb = open[type.code()];
    if (pb == null) {
      pb = new PackBuilder(FileIds.newId(), type == BlobType.DATA ? dataBuffer()
          : new byte[Math.min(capacity, TREE_INITIAL_CAPACITY)]);
      open[type.code()] = pb;
    }
    pb.add(type, id, sealed, rawLength);
    if (pb.size() < packSize) {
      return null;
    }
    open[type.code()] = null;
    return pb;
  }

  /** A reused buffer of a stored data pack, or a new one. */
  private byte[] dataBuffer() {
    byte[] buffer = free.poll();
    if (buffer == null) {
      return new byte[capacity];
    }
    freeCount.decrementAndGet();
    return buffer;
  }

  /**
   * Takes back the buffer of a pack that is stored (or abandoned) for the next pack; keeps at most
   * {@code keep} buffers. Thread-safe; {@code pb} must not be used afterwards.
   */
  public void recycle(PackBuilder pb, int keep) {
    byte[] b = pb.release();
    if (b != null && b.length == capacity && freeCount.incrementAndGet() <= keep) {
      free.add(b);
    } else if (b != null && b.length == capacity) {
      freeCount.decrementAndGet();
    }
  }

  /** Closes the open packs and returns those holding a blob, to be stored by the caller. */
  public List<PackBuilder> drain() {
    List<PackBuilder> out = new ArrayList<>();
    for (int i = 0; i < open.length; i++) {
      if (open[i] != null && !open[i].isEmpty()) {
        out.add(open[i]);
      }
      open[i] = null;
    }
    return out;
  }

  /**
   * Seals the header of a closed pack and stores the pack under {@link Pack#name}; when this
   * returns the pack is stored completely (FORMAT.md §10, invariant 1: only now may an index
   * list it).
   *
   * @return the bytes stored
   */
  public static long store(BlobStore store, MasterKey key, PackBuilder pb) throws IOException {
    BlobSource source = pb.finish(key);
    store.put(Pack.name(pb.packId()), source);
    return source.length();
  }
}
