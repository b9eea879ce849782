package com.textloom.backup.repository.pack;

import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.storage.BlobSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Accumulates sealed blobs of one pack in memory, then appends the sealed header. Not
 * thread-safe; the caller serialises access.
 */
public final class PackBuilder {
  private final String packId;
  private byte[] buf;
  private int size;
  private final List<PackEntry> entries = new ArrayList<>();

  public PackBuilder(String packId, int initialCapacity) {
    this(packId, new byte[initialCapacity]);
  }

  /** A builder writing into {@code buffer} (grown by copying if a pack outgrows it). */
  PackBuilder(String packId, byte[] buffer) {
    this.packId = packId;
    this.buf = buffer;
  }

  /**
   * Hands the buffer back (for the next pack) once the pack is stored: the builder and the
   * {@link BlobSource} from {@link #finish} must not be used afterwards.
   */
  byte[] release() {
    byte[] b = buf;
    buf = null;
    return b;
  }

  public String packId() {
    return packId;
  }

  /** Appends a sealed blob. */
  public void add(BlobType type, BlobId id, byte[] sealed, int rawLength) {
    ensure(sealed.length);
    entries.add(new PackEntry(type, id, size, sealed.length, rawLength));
    System.arraycopy(sealed, 0, buf, size, sealed.length);
    size += sealed.length;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public List<PackEntry> entries() {
    return entries;
  }

  /** Appends the sealed header and its length; the builder must not be used afterwards. */
  public BlobSource finish(MasterKey key) {
    byte[] header = Pack.encodeHeader(entries);
    byte[] sealed = key.seal(Aad.packHeader(packId), header, 0, header.length);
    ensure(sealed.length + 4);
    System.arraycopy(sealed, 0, buf, size, sealed.length);
    size += sealed.length;
    ByteBuffer.wrap(buf, size, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(sealed.length);
    size += 4;
    return BlobSource.of(buf, size);
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}
