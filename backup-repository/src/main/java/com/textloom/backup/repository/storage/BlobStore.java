package com.textloom.backup.repository.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The storage SPI of a repository: a flat namespace of immutable, named blobs.
 *
 * <p>Every backend (local directory, S3/MinIO, Huawei OBS) implements exactly this contract, and
 * one contract test ({@code BlobStoreContractTest}) proves it for each. Decorators ({@code RetryingBlobStore},
 * {@code MeteredBlobStore}, {@code ReadOnlyBlobStore}) wrap a store instead of adding branches inside a backend.
 *
 * <h2>Guarantees every implementation gives</h2>
 * <ul>
 *   <li><b>Names</b> are {@code /}-separated relative paths of {@code [A-Za-z0-9._-]} segments,
 *       e.g. {@code data/3f/3fa1...}. A name never starts with {@code /} and never contains
 *       {@code ..}; a bad name is rejected with {@link IllegalArgumentException}
 *       ({@link BlobName} holds the rule).</li>
 *   <li><b>Put is atomic</b>: a reader sees either no blob or the whole blob, never a prefix.
 *       A failed or interrupted put leaves no blob under the name. Putting a name that exists
 *       replaces it atomically (the repository only does so for lock files).</li>
 *   <li><b>Read-after-write</b>: once {@link #put} returns, {@link #open}, {@link #stat} and
 *       {@link #list} see the blob.</li>
 *   <li><b>Durability</b>: when {@link #put} returns the blob is durable (fsync'd locally, acknowledged
 *       by the object store remotely).</li>
 *   <li><b>Missing blobs</b> raise {@link BlobNotFoundException}, never {@code null}.</li>
 *   <li><b>Delete of a missing blob is a no-op.</b></li>
 *   <li><b>List is by prefix</b>, returns every blob whose name starts with the prefix, in no
 *       particular order, and never returns a partially written blob.</li>
 *   <li><b>Failures</b> of the medium raise {@link StorageException} (or a subtype) naming the store;
 *       failures worth retrying (unreachable, timeout, 5xx, throttling) raise
 *       {@link TransientStorageException}.</li>
 * </ul>
 *
 * <p>Implementations are safe for concurrent use by several threads.
 */
public interface BlobStore extends AutoCloseable {

    /** A blob name and its size in bytes, as returned by {@link #list} and {@link #stat}. */
    record BlobInfo(String name, long size) {}

    /**
     * Stores {@code length} bytes read from {@code data} under {@code name}, atomically.
     *
     * @param length the exact number of bytes {@code data} yields; a mismatch fails the put and
     *     leaves nothing behind (object stores need the length up front)
     */
    void put(String name, InputStream data, long length) throws IOException;

    /**
     * Stores the bytes of a source that can be re-read (a file, an array, another store's blob),
     * with the same guarantees as {@link #put(String, InputStream, long)}. Prefer it to a bare
     * stream: a retrying decorator can replay it, while a failed stream put cannot be retried.
     */
    default void put(String name, BlobSource source) throws IOException {
        try (InputStream in = source.open()) {
            put(name, in, source.length());
        }
    }

    /** Stores a small in-memory blob (metadata files: index, snapshot, key, lock). */
    default void put(String name, byte[] data) throws IOException {
        put(name, BlobSource.of(data));
    }

    /** Opens the whole blob for reading. The caller closes the stream. */
    InputStream open(String name) throws IOException;

    /**
     * Opens {@code length} bytes of the blob starting at {@code offset} (a ranged GET on object
     * stores). Reading past the end of the blob is an error ({@link StorageException}).
     */
    InputStream openRange(String name, long offset, long length) throws IOException;

    /** Reads a whole small blob into memory. Only for metadata, never for packs. */
    default byte[] readAll(String name) throws IOException {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        }
    }

    /** Size of the blob; {@link BlobNotFoundException} if absent. */
    BlobInfo stat(String name) throws IOException;

    /** Whether the blob exists. */
    default boolean exists(String name) throws IOException {
        try {
            stat(name);
            return true;
        } catch (BlobNotFoundException e) {
            return false;
        }
    }

    /** Every blob whose name starts with {@code prefix} ({@code ""} lists all). */
    List<BlobInfo> list(String prefix) throws IOException;

    /** Deletes the blob; deleting a missing blob is a no-op. */
    void delete(String name) throws IOException;

    /** A human description for messages and logs, never containing credentials. */
    String describe();

    /**
     * How many puts this store serves best at once, 0 for no preference: an object store over HTTP is
     * bound by round trips, and takes several uploads at a time as well as one (a writer still bounds
     * the memory of the puts it overlaps).
     */
    default int concurrentPuts() {
        return 0;
    }

    @Override
    default void close() throws IOException {}
}
