package com.textloom.backup.repository.index;

import com.textloom.backup.repository.CorruptBlobException;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.pack.Aad;
import com.textloom.backup.repository.pack.BlobEncoding;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.pack.Pack;
import com.textloom.backup.repository.storage.BlobNotFoundException;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Loads single blobs through the index: ranged read of the sealed box, authenticate, decode,
 * and check that the plaintext hashes to the id asked for. A reader built with
 * {@code rehash=false} (bulk restore) relies on the AES-GCM tag alone for data blobs, which
 * already binds the box to its id and type; tree blobs are re-hashed by every reader (FORMAT.md
 * §4: tree loads MUST). A blob whose copy cannot be read (pack missing or truncated, box damaged)
 * is read from the next copy the index lists (FORMAT.md §7: any listed copy is valid); only when
 * every copy fails is it an error, the first copy's, with the others' attached. Thread-safe.
 */
public final class BlobReader {
    private final BlobStore store;
    private final MasterKey key;
    private final MasterIndex index;
    private final boolean rehash;

    public BlobReader(BlobStore store, MasterKey key, MasterIndex index) {
        this(store, key, index, true);
    }

    /** @param rehash whether to recompute the HMAC id of every blob read */
    public BlobReader(BlobStore store, MasterKey key, MasterIndex index, boolean rehash) {
        this.store = store;
        this.key = key;
        this.index = index;
        this.rehash = rehash;
    }

    /**
     * The plaintext of a blob.
     *
     * @throws BlobNotFoundException when no index lists it
     * @throws CorruptBlobException when it fails authentication or its id check
     */
    public byte[] load(BlobType type, BlobId id) throws IOException {
        List<MasterIndex.Location> copies = index.lookupAll(id);
        if (copies.isEmpty()) {
            throw new BlobNotFoundException(store.describe(), "blob " + id.hex() + " (in no index)");
        }
        IOException first = null;
        for (MasterIndex.Location loc : copies) {
            try {
                return load(type, id, loc);
            } catch (CorruptBlobException | StorageException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        throw first;
    }

    private byte[] load(BlobType type, BlobId id, MasterIndex.Location loc) throws IOException {
        String pack = Pack.name(loc.packId());
        byte[] box;
        try (InputStream in = store.openRange(pack, loc.offset(), loc.length())) {
            box = in.readNBytes(loc.length());
        }
        if (box.length != loc.length()) {
            throw new CorruptBlobException(id.hex(), pack, "pack is truncated");
        }
        if (loc.type() != type) {
            throw new CorruptBlobException(
                    id.hex(), pack, "indexed as " + loc.type().label() + ", wanted " + type.label());
        }
        return decode(loc.type(), id, box, 0, box.length, loc.rawLength(), pack);
    }

    /** Opens, decodes and checks one sealed blob already in memory. */
    public byte[] decode(BlobType type, BlobId id, byte[] buf, int off, int len, int rawLength, String pack)
            throws CorruptBlobException {
        if (!rehash && type == BlobType.DATA) {
            MasterKey.warmUp(MasterKey.Use.OPEN, len);
            byte[] plain = key.open(Aad.blob(type, id), buf, off, len, id.hex(), pack);
            return BlobEncoding.decode(plain, rawLength, id.hex(), pack);
        }
        return decode(key, type, id, buf, off, len, rawLength, pack);
    }

    /**
     * As {@link #decode(BlobType, BlobId, byte[], int, int, int, String)}, the result a view that is valid until this
     * thread decodes again ({@link BlobEncoding#decodeView}): for a reader without re-hashing, the data blobs a restore
     * writes out at once. Every other case is checked as {@code decode} checks it.
     */
    public java.nio.ByteBuffer decodeView(
            BlobType type, BlobId id, byte[] buf, int off, int len, int rawLength, String pack)
            throws CorruptBlobException {
        if (!rehash && type == BlobType.DATA && rawLength >= 0) {
            MasterKey.warmUp(MasterKey.Use.OPEN, len);
            byte[] plain = key.open(Aad.blob(type, id), buf, off, len, id.hex(), pack);
            return BlobEncoding.decodeView(plain, rawLength, id.hex(), pack);
        }
        return java.nio.ByteBuffer.wrap(decode(type, id, buf, off, len, rawLength, pack));
    }

    /** As {@link #decode(BlobType, BlobId, byte[], int, int, int, String)} with an explicit key. */
    public static byte[] decode(
            MasterKey key, BlobType type, BlobId id, byte[] buf, int off, int len, int rawLength, String pack)
            throws CorruptBlobException {
        MasterKey.warmUp(MasterKey.Use.OPEN, len);
        byte[] plain = key.open(Aad.blob(type, id), buf, off, len, id.hex(), pack);
        byte[] data = BlobEncoding.decode(plain, rawLength, id.hex(), pack);
        if (!Arrays.equals(key.id(data, 0, data.length), 0, 32, idBytes(id), 0, 32)) {
            throw new CorruptBlobException(id.hex(), pack, "content does not hash to its id");
        }
        return data;
    }

    private static byte[] idBytes(BlobId id) {
        byte[] b = new byte[32];
        id.copyTo(b, 0);
        return b;
    }

    public MasterIndex index() {
        return index;
    }
}
