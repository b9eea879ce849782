package com.textloom.backup.repository.pack;

import com.textloom.backup.repository.CorruptBlobException;
import com.textloom.backup.repository.crypto.FileIds;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.storage.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Metadata files sealed whole (index files, snapshots): encoding byte + payload, sealed with the
 * file's name as associated data (FORMAT.md §4).
 */
public final class SealedFiles {
    private SealedFiles() {}

    /** The bytes to store under {@code name}. */
    public static byte[] seal(MasterKey key, String name, byte[] payload, int zstdLevel) {
        byte[] encoded = BlobEncoding.encode(payload, 0, payload.length, zstdLevel);
        return key.seal(Aad.file(name), encoded, 0, encoded.length);
    }

    /** Opens the stored bytes of {@code name}. */
    public static byte[] open(MasterKey key, String name, byte[] stored) throws CorruptBlobException {
        byte[] plain = key.open(Aad.file(name), stored, 0, stored.length, name, null);
        return BlobEncoding.decode(plain, -1, name, null);
    }

    /** Seals and stores {@code payload} under {@code name}. */
    public static void write(BlobStore store, MasterKey key, String name, byte[] payload, int zstdLevel)
            throws IOException {
        store.put(name, seal(key, name, payload, zstdLevel));
    }

    /**
     * Ids of the files stored as {@code prefix + id} (index files, snapshots); a name under the prefix that is not an
     * id ({@link FileIds#isValid}) is passed over.
     */
    public static List<String> ids(BlobStore store, String prefix) throws IOException {
        List<String> out = new ArrayList<>();
        for (BlobStore.BlobInfo b : store.list(prefix)) {
            String id = b.name().substring(prefix.length());
            if (FileIds.isValid(id)) {
                out.add(id);
            }
        }
        return out;
    }

    /** Reads and opens {@code name}. */
    public static byte[] read(BlobStore store, MasterKey key, String name) throws IOException {
        return open(key, name, store.readAll(name));
    }
}
