package com.textloom.backup.repository.pack;

import com.textloom.backup.repository.CorruptBlobException;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Pack names and the pack header codec (FORMAT.md §6):
 * {@code blobs ‖ sealed header ‖ header length (u32 LE)}.
 */
public final class Pack {
    private static final byte[] MAGIC = "TLPH".getBytes(StandardCharsets.US_ASCII);
    private static final int ENTRY = 1 + 4 + 4 + 32;

    private Pack() {}

    /** The store name of a pack: {@code data/<first 2 hex>/<id>}. */
    public static String name(String packId) {
        return "data/" + packId.substring(0, 2) + "/" + packId;
    }

    /** The pack id of a store name {@code data/xx/<id>}. */
    public static String idOf(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    /**
     * Bytes a pack of {@code count} blobs takes after its blobs: the sealed header and its length.
     */
    public static int trailerLength(int count) {
        return 4 + 1 + 4 + count * ENTRY + MasterKey.OVERHEAD + 4;
    }

    /** Header plaintext for these entries (in pack order). */
    public static byte[] encodeHeader(List<PackEntry> entries) {
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + 4 + entries.size() * ENTRY).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).putInt(entries.size());
        byte[] id = new byte[32];
        for (PackEntry e : entries) {
            b.put((byte) e.type().code()).putInt(e.length()).putInt(e.rawLength());
            e.id().copyTo(id, 0);
            b.put(id);
        }
        return b.array();
    }

    /** Decodes a header plaintext; offsets are recomputed from the lengths. */
    public static List<PackEntry> decodeHeader(byte[] plain, String packName, long headerStart)
            throws CorruptBlobException {
        ByteBuffer b = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
        if (plain.length < 9 || b.get() != 'T' || b.get() != 'L' || b.get() != 'P' || b.get() != 'H') {
            throw new CorruptBlobException("header", packName, "bad pack header magic");
        }
        int version = b.get();
        if (version != 1) {
            throw new CorruptBlobException("header", packName, "unknown pack header version " + version);
        }
        int count = b.getInt();
        if (count < 0 || (long) count * ENTRY != b.remaining()) {
            throw new CorruptBlobException(
                    "header", packName, "pack header length does not match " + count + " entries");
        }
        List<PackEntry> out = new ArrayList<>(count);
        long offset = 0;
        for (int i = 0; i < count; i++) {
            BlobType type;
            try {
                type = BlobType.ofCode(b.get());
            } catch (IllegalArgumentException e) {
                throw new CorruptBlobException("header", packName, e.getMessage());
            }
            int length = b.getInt();
            int raw = b.getInt();
            byte[] id = new byte[32];
            b.get(id);
            if (length < MasterKey.OVERHEAD || offset + length > headerStart) {
                throw new CorruptBlobException(BlobId.of(id).hex(), packName, "entry outside the pack");
            }
            out.add(new PackEntry(type, BlobId.of(id), (int) offset, length, raw));
            offset += length;
        }
        return out;
    }

    /** Parses a whole pack held in memory: its header, authenticated. */
    public static List<PackEntry> parse(byte[] pack, int size, String name, MasterKey key) throws CorruptBlobException {
        long headerLength = headerLength(size, pack, size - 4, name);
        int start = (int) (size - 4 - headerLength);
        return decodeSealedHeader(pack, start, (int) headerLength, name, start, key);
    }

    /**
     * Reads the header of the stored pack {@code packId} of {@code size} bytes with two ranged
     * reads (its length at the end, then the sealed header), authenticated: what {@code repair
     * index} rebuilds the index from.
     *
     * @throws CorruptBlobException when the pack is too short or cut, or its header is damaged
     */
    public static List<PackEntry> readHeader(BlobStore store, String packId, long size, MasterKey key)
            throws IOException {
        String name = name(packId);
        byte[] tail = size < 4 ? new byte[0] : readRange(store, name, size - 4, 4);
        long headerLength = headerLength(size, tail, 0, name);
        long start = size - 4 - headerLength;
        byte[] box = readRange(store, name, start, (int) headerLength);
        return decodeSealedHeader(box, 0, box.length, name, start, key);
    }

    /** The header length the last 4 bytes of a pack (at {@code buf[off]}) give, checked. */
    private static long headerLength(long size, byte[] buf, int off, String name) throws CorruptBlobException {
        if (size < 4 + MasterKey.OVERHEAD) {
            throw new CorruptBlobException("header", name, "pack of " + size + " bytes is too short");
        }
        long headerLength =
                ByteBuffer.wrap(buf, off, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        if (headerLength < MasterKey.OVERHEAD || headerLength > size - 4) {
            throw new CorruptBlobException("header", name, "bad header length " + headerLength);
        }
        return headerLength;
    }

    private static byte[] readRange(BlobStore store, String name, long offset, int length) throws IOException {
        byte[] out;
        try (InputStream in = store.openRange(name, offset, length)) {
            out = in.readNBytes(length);
        }
        if (out.length != length) {
            throw new CorruptBlobException("header", name, "pack is truncated");
        }
        return out;
    }

    private static List<PackEntry> decodeSealedHeader(
            byte[] box, int off, int len, String name, long headerStart, MasterKey key) throws CorruptBlobException {
        byte[] plain = key.open(Aad.packHeader(idOf(name)), box, off, len, "header", name);
        return decodeHeader(plain, name, headerStart);
    }
}
