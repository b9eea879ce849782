package com.textloom.backup.repository.pack;

import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.storage.BlobSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accumulates sealed blobs of one pack in memory, then appends the sealed header. Blobs are
 * appended whole ({@link #add}) or reserved first and written later by other threads
 * ({@link #reserve}, {@link #releaseHold}); the caller serialises {@code add}, {@code reserve} and
 * {@link #finish}, while writes into reserved places may run in parallel.
 */
public final class PackBuilder {
    private final String packId;
    private byte[] buf;
    private int size;
    /** The most bytes the buffer may grow to, header included. */
    private final int limit;

    private final List<PackEntry> entries = new ArrayList<>();
    /**
     * One for the pack while it is open, plus one per reserved blob not written yet: the pack may be
     * stored once this is 0 ({@link PackWriter}).
     */
    private final AtomicInteger holds = new AtomicInteger(1);

    public PackBuilder(String packId, int initialCapacity) {
        this(packId, new byte[initialCapacity], Integer.MAX_VALUE - 16);
    }

    /** A builder writing into {@code buffer}, grown by copying up to {@code limit} bytes. */
    PackBuilder(String packId, byte[] buffer, int limit) {
        this.packId = packId;
        this.buf = buffer;
        this.limit = Math.max(limit, buffer.length);
    }

    /**
     * Hands the buffer back (for the next pack) once the pack is stored: the builder and the
     * {@link BlobSource} from {@link #finish} must not be used afterwards.
     */
    byte[] takeBuffer() {
        byte[] b = buf;
        buf = null;
        return b;
    }

    public String packId() {
        return packId;
    }

    /** Appends a sealed blob. */
    public void add(BlobType type, BlobId id, byte[] sealed, int rawLength) {
        int off = reserve(type, id, sealed.length, rawLength);
        System.arraycopy(sealed, 0, buf, off, sealed.length);
        releaseHold();
    }

    /**
     * Whether a sealed blob of {@code length} bytes, and then the header, fit within the pack's
     * limit.
     */
    boolean hasRoom(int length) {
        return (long) size + length + Pack.trailerLength(entries.size() + 1) <= limit;
    }

    /**
     * Makes room for a sealed blob of {@code length} bytes and lists it: the caller writes the box
     * to {@link #buffer()} at the returned offset, then calls {@link #releaseHold()}. Room for the
     * header is kept, so {@link #finish} does not grow the buffer. When the buffer must grow, waits
     * until the blobs reserved before are written (they are written into the old buffer).
     *
     * @return the offset of the blob in the pack
     */
    int reserve(BlobType type, BlobId id, int length, int rawLength) {
        long need = (long) size + length + Pack.trailerLength(entries.size() + 1);
        if (need > buf.length) {
            grow(need);
        }
        int off = size;
        entries.add(new PackEntry(type, id, off, length, rawLength));
        size += length;
        holds.incrementAndGet();
        return off;
    }

    /** The buffer blobs are written into; stable until the next {@link #reserve} or {@link #add}. */
    byte[] buffer() {
        return buf;
    }

    /**
     * Gives back one hold: a reserved blob is written, or the open pack is closed.
     *
     * @return whether none is left: every reserved blob is written and the pack is closed
     */
    boolean releaseHold() {
        int left = holds.decrementAndGet();
        if (left == 1) {
            synchronized (this) {
                notifyAll();
            }
        }
        return left == 0;
    }

    private void grow(long need) {
        if (need > limit) {
            throw new IllegalStateException("pack " + packId + " would exceed its " + limit + "-byte buffer");
        }
        boolean interrupted = false;
        synchronized (this) {
            while (holds.get() > 1) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        buf = Arrays.copyOf(buf, (int) Math.min(limit, Math.max(2L * buf.length, need)));
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
        if (size + sealed.length + 4 > buf.length) {
            buf = Arrays.copyOf(buf, size + sealed.length + 4);
        }
        System.arraycopy(sealed, 0, buf, size, sealed.length);
        size += sealed.length;
        ByteBuffer.wrap(buf, size, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(sealed.length);
        size += 4;
        return BlobSource.of(buf, size);
    }
}
