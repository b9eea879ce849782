package com.textloom.backup.repository.index;

import com.textloom.backup.repository.CorruptBlobException;
import com.textloom.backup.repository.crypto.FileIds;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.pack.PackEntry;
import com.textloom.backup.repository.pack.SealedFiles;
import com.textloom.backup.repository.storage.BlobStore;
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
    /**
     * Blobs per index file written by {@link #store} (a single pack's blobs are never split): a
     * reader holds one index file's payload, decrypted and decoded, at a time, so an index file must
     * stay small whatever the number of blobs (restic writes at most 50 000 per index file too).
     */
    static final int BLOBS_PER_INDEX = 50_000;
    /** zstd level of index files. */
    private static final int ZSTD_LEVEL = 3;

    /**
     * Stores {@code records} as new index files of at most 1000 packs and 50 000 blobs each (a pack
     * with more blobs gets a file of its own), the first one naming {@code supersedes} (the index
     * files they replace, which the caller deletes afterwards, never before: FORMAT.md §10
     * invariant 5).
     *
     * @return the ids of the index files written (none for no records)
     */
    public static List<String> store(BlobStore store, MasterKey key, List<PackRecord> records, List<String> supersedes)
            throws IOException {
        Writer w = new Writer(store, key, supersedes);
        for (PackRecord r : records) {
            w.add(r);
        }
        return w.finish();
    }

    /**
     * Writes index files as {@link #store} does, from records handed over one at a time: at most one
     * file's records are held, not all of them.
     */
    public static final class Writer {
        private final BlobStore store;
        private final MasterKey key;
        private final List<String> supersedes;
        private final List<PackRecord> pending = new ArrayList<>();
        private final List<String> written = new ArrayList<>();
        private int blobs;

        /** @param supersedes named by the first file written */
        public Writer(BlobStore store, MasterKey key, List<String> supersedes) {
            this.store = store;
            this.key = key;
            this.supersedes = List.copyOf(supersedes);
        }

        public void add(PackRecord record) throws IOException {
            if (!pending.isEmpty()
                    && (pending.size() >= PACKS_PER_INDEX
                            || blobs + record.entries().size() > BLOBS_PER_INDEX)) {
                writePending();
            }
            pending.add(record);
            blobs += record.entries().size();
        }

        /** Writes what is pending; returns the ids of every file written (none for no records). */
        public List<String> finish() throws IOException {
            if (!pending.isEmpty()) {
                writePending();
            }
            return List.copyOf(written);
        }

        private void writePending() throws IOException {
            IndexFile f = new IndexFile(
                    System.currentTimeMillis(), written.isEmpty() ? supersedes : List.of(), List.copyOf(pending));
            String id = FileIds.newId();
            SealedFiles.write(store, key, IndexLoader.PREFIX + id, f.encode(), ZSTD_LEVEL);
            written.add(id);
            pending.clear();
            blobs = 0;
        }
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
                b.put((byte) e.type().code())
                        .putInt(e.offset())
                        .putInt(e.length())
                        .putInt(e.rawLength());
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
