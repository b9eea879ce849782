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
 * data blobs or tree blobs, never both; a pack is closed once it reaches the target size, or
 * before a blob that would take it past its buffer (the target plus room for the header: 16.25
 * MiB for 16 MiB packs), and handed back to the caller to store. Used by the backup's blob saver
 * and by prune's repacking, so both cut packs the same way. Not thread-safe: the caller
 * serialises {@link #add}, {@link #reserve}, {@link #close} and {@link #drain}; the writes into
 * reserved places ({@link Slot}) may run in parallel, outside the caller's lock.
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
    /** The most bytes a pack takes (unless one blob alone is larger): the target plus header room. */
    private final int capacity;

    private final int initialCapacity;
    private final PackBuilder[] open = new PackBuilder[BlobType.values().length];
    /** Buffers of stored packs, reused for new ones: a backup allocates a few, not one per pack. */
    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();

    private final AtomicInteger freeCount = new AtomicInteger();

    /** @param packSize the target pack size in bytes (the repository config's {@code pack_size}) */
    public PackWriter(int packSize) {
        this.packSize = packSize;
        // room for the header of a pack of large blobs (41 bytes an entry); a pack of many small
        // blobs closes earlier, when its header would not fit
        this.capacity = packSize + Math.max(64 << 10, packSize >> 6);
        this.initialCapacity = bufferSize(packSize);
    }

    /** The bytes of the buffer of an open pack (reused from pack to pack) for {@code packSize}. */
    public static int bufferSize(int packSize) {
        return Math.min(packSize + Math.max(64 << 10, packSize >> 6), MAX_INITIAL_CAPACITY);
    }

    /** Whether a pack of {@code type} is open (the next {@link #reserve} of that type goes into it). */
    public boolean isOpen(BlobType type) {
        return open[type.code()] != null;
    }

    /**
     * Whether the open pack of {@code type} has room for a sealed blob of {@code length} bytes; when
     * it has not, {@link #close} it before {@link #reserve}.
     */
    public boolean hasRoom(BlobType type, int length) {
        PackBuilder pb = open[type.code()];
        return pb != null && pb.hasRoom(length);
    }

    /**
     * Appends a sealed blob to the open pack of its type; closes that pack first when the blob does
     * not fit, and opens one with a new pack id when none is open.
     *
     * @return the packs closed by this call (none, the one the blob did not fit in, the one it
     *     filled to the target size), to be stored by the caller
     */
    public List<PackBuilder> add(BlobType type, BlobId id, byte[] sealed, int rawLength) {
        List<PackBuilder> closed = new ArrayList<>(2);
        if (isOpen(type) && !hasRoom(type, sealed.length)) {
            addIfReady(closed, close(type));
        }
        Slot slot = reserve(type, id, sealed.length, rawLength);
        System.arraycopy(sealed, 0, slot.buffer(), slot.offset(), sealed.length);
        addIfReady(closed, slot.written());
        return closed;
    }

    private static void addIfReady(List<PackBuilder> out, PackBuilder pb) {
        if (pb != null) {
            out.add(pb);
        }
    }

    /**
     * Reserves the place of a sealed blob of {@code length} bytes in the open pack of {@code type},
     * opening one if none is open (the open one must have room: {@link #hasRoom}); the pack closes
     * when the blob takes it to the target size. The caller writes the box into the slot, outside
     * its lock if it likes, then calls {@link Slot#written}.
     */
    public Slot reserve(BlobType type, BlobId id, int length, int rawLength) {
        PackBuilder pb = open[type.code()];
        if (pb != null && !pb.hasRoom(length)) {
            throw new IllegalStateException("no room for " + length + " bytes in pack " + pb.packId());
        }
        if (pb == null) {
            pb = newPack(type, length);
            open[type.code()] = pb;
        }
        Slot slot = new Slot(pb, pb.reserve(type, id, length, rawLength));
        if (pb.size() >= packSize) {
            open[type.code()] = null;
            pb.releaseHold(); // the slot still holds it
        }
        return slot;
    }

    private PackBuilder newPack(BlobType type, int length) {
        long alone = (long) length + Pack.trailerLength(1);
        if (alone > capacity) {
            // one blob larger than a pack (a small pack size, large chunks): a pack of its own
            return new PackBuilder(FileIds.newId(), new byte[Math.toIntExact(alone)], Math.toIntExact(alone));
        }
        byte[] buffer = type == BlobType.DATA ? dataBuffer() : new byte[Math.min(capacity, TREE_INITIAL_CAPACITY)];
        return new PackBuilder(FileIds.newId(), buffer, capacity);
    }

    /**
     * Closes the open pack of {@code type}.
     *
     * @return the pack, to be stored by the caller, when no blob is still being written into it;
     *     otherwise {@code null}, and the last {@link Slot#written} returns it
     */
    public PackBuilder close(BlobType type) {
        PackBuilder pb = open[type.code()];
        if (pb == null) {
            return null;
        }
        open[type.code()] = null;
        return pb.releaseHold() ? pb : null;
    }

    /** The place of one sealed blob in a pack, from {@link #reserve}. */
    public static final class Slot {
        private final PackBuilder pack;
        private final int offset;

        private Slot(PackBuilder pack, int offset) {
            this.pack = pack;
            this.offset = offset;
        }

        /** The pack's buffer, which the box goes into at {@link #offset()}. */
        public byte[] buffer() {
            return pack.buffer();
        }

        public int offset() {
            return offset;
        }

        /**
         * Called once the box is written (or abandoned).
         *
         * @return the pack, to be stored by the caller, when it is closed and this was the last blob
         *     being written into it; otherwise {@code null}
         */
        public PackBuilder written() {
            return pack.releaseHold() ? pack : null;
        }
    }

    /** A reused buffer of a stored data pack, or a new one. */
    private byte[] dataBuffer() {
        byte[] buffer = free.poll();
        if (buffer == null) {
            return new byte[initialCapacity];
        }
        freeCount.decrementAndGet();
        return buffer;
    }

    /**
     * Takes back the buffer of a pack that is stored (or abandoned) for the next pack; keeps at most
     * {@code keep} buffers. Thread-safe; {@code pb} must not be used afterwards.
     */
    public void recycle(PackBuilder pb, int keep) {
        byte[] b = pb.takeBuffer();
        if (b != null && b.length == initialCapacity && freeCount.incrementAndGet() <= keep) {
            free.add(b);
        } else if (b != null && b.length == initialCapacity) {
            freeCount.decrementAndGet();
        }
    }

    /**
     * Closes the open packs and returns those holding a blob, to be stored by the caller. Every
     * reserved blob must be written.
     */
    public List<PackBuilder> drain() {
        List<PackBuilder> out = new ArrayList<>();
        for (BlobType type : BlobType.values()) {
            PackBuilder pb = open[type.code()];
            if (pb == null) {
                continue;
            }
            boolean empty = pb.isEmpty();
            PackBuilder ready = close(type);
            if (ready == null) {
                throw new IllegalStateException("pack " + pb.packId() + " closed while blobs are written into it");
            }
            if (!empty) {
                out.add(ready);
            }
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
