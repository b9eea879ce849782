package com.textloom.backup.repository.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes of a blob to store that can be read again from the start: a file, an array, or another
 * store's blob. Unlike a bare {@link InputStream}, a put from a source can be retried (the
 * rewindable reader of restic's backend, kopia's {@code blob.Bytes}).
 */
public interface BlobSource {

    /** The exact number of bytes every stream from {@link #open()} yields. */
    long length();

    /** A new stream over the bytes, from the start. The caller closes it. */
    InputStream open() throws IOException;

    /** The bytes of an array (metadata files). */
    static BlobSource of(byte[] bytes) {
        return new Bytes(bytes, bytes.length);
    }

    /** The first {@code length} bytes of an array (a pack in its reused buffer). */
    static BlobSource of(byte[] array, int length) {
        return new Bytes(array, length);
    }

    /**
     * Bytes {@code [0, count)} of an array already in memory. A store may send them as they are
     * instead of reading them through {@link #open()}: the S3 store does, since its client would
     * otherwise copy every byte into a buffer of its own before sending (backup-repository README,
     * "Peak RSS of an S3 backup"). The array must not change until the put returns.
     *
     * @param array the bytes; only the first {@code count} are the blob
     * @param count the blob's length, {@code 0 <= count <= array.length}
     */
    record Bytes(byte[] array, int count) implements BlobSource {
        public Bytes {
            if (count < 0 || count > array.length) {
                throw new IllegalArgumentException(
                        "length " + count + " outside an array of " + array.length + " bytes");
            }
        }

        @Override
        public long length() {
            return count;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(array, 0, count);
        }
    }

    /** The bytes of a file, whose size is taken now. */
    static BlobSource of(Path file) throws IOException {
        long size = Files.size(file);
        return new BlobSource() {
            @Override
            public long length() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }
        };
    }

    /** The blob {@code name} of {@code store}, of the given size (e.g. from {@link BlobStore#list}). */
    static BlobSource of(BlobStore store, String name, long length) {
        return new BlobSource() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public InputStream open() throws IOException {
                return store.open(name);
            }
        };
    }
}
