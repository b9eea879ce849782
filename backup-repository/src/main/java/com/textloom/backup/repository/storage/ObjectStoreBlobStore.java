package com.textloom.backup.repository.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of the SPI that every object-store backend (S3/MinIO, OBS) shares: blob names as keys
 * under an optional folder of a bucket, the checks of names, lengths and ranges, and the mapping
 * of a client's failures to the SPI's exceptions. A backend implements the six object calls of
 * its client and {@link #failure}.
 */
public abstract class ObjectStoreBlobStore implements BlobStore {

    /** The body of a GET and how many bytes the server said it serves ({@code -1}: unknown). */
    public record ObjectBody(InputStream body, long servedLength) {}

    private final String describe;
    private final String folder;

    /**
     * @param describe the store's URI without credentials
     * @param prefix {@code ""} or the folder (already checked) that holds the blobs in the bucket
     */
    protected ObjectStoreBlobStore(String describe, String prefix) {
        this.describe = describe;
        this.folder = prefix.isEmpty() ? "" : prefix + "/";
    }

    /** Uploads exactly {@code length} bytes of {@code data} as {@code key}, visible only when whole. */
    protected abstract void putObject(String key, InputStream data, long length) throws Exception;

    /**
     * Uploads the first {@code length} bytes of {@code data} as {@code key}, visible only when whole
     * ({@link BlobSource.Bytes}: a pack or a metadata file in memory). By default as a stream through
     * {@link #putObject(String, InputStream, long)}; a backend whose client can send an array as it
     * is, without a copy of its own, overrides this. {@code data} must not be read after this returns.
     */
    protected void putObject(String key, byte[] data, int length) throws Exception {
        putObject(key, new ByteArrayInputStream(data, 0, length), length);
    }

    /** GETs {@code length > 0} bytes at {@code offset} of {@code key}, or all of it if {@code length < 0}. */
    protected abstract ObjectBody getObject(String key, long offset, long length) throws Exception;

    /** The size of {@code key}. */
    protected abstract long objectSize(String key) throws Exception;

    /** Adds every object under {@code keyPrefix} to {@code into}, as (key, size), over all pages. */
    protected abstract void listObjects(String keyPrefix, List<BlobInfo> into) throws Exception;

    /** Deletes {@code key}; a missing key may fail as not found (it is ignored). */
    protected abstract void deleteObject(String key) throws Exception;

    /** Whether {@code e} is the server's "416 range not satisfiable". */
    protected abstract boolean isRangeNotSatisfiable(Exception e);

    /**
     * Maps a failure of the client to the SPI: {@link BlobNotFoundException} for a missing object,
     * {@link TransientStorageException} for what a retry may fix, else {@link StorageException};
     * the message starts with {@code "cannot " + what}, where {@code what} names the operation,
     * the blob and this store.
     */
    protected abstract StorageException failure(String what, String name, Exception e);

    @Override
    public final void put(String name, InputStream data, long length) throws IOException {
        String key = key(name);
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length + " for blob " + name);
        }
        LengthCheckedInputStream checked = new LengthCheckedInputStream(data, name, length);
        if (length == 0) {
            checked.requireEnd();
        }
        try {
            putObject(key, checked, length);
        } catch (Exception e) {
            if (checked.failure() != null) {
                throw checked.failure();
            }
            throw mapped("put", name, e);
        }
        if (checked.failure() != null) {
            // the client swallowed the failure of the caller's stream: never claim the put succeeded
            delete(name);
            throw checked.failure();
        }
    }

    /** As the SPI says; bytes already in memory ({@link BlobSource.Bytes}) go to {@link #putObject(String, byte[], int)}. */
    @Override
    public final void put(String name, BlobSource source) throws IOException {
        if (!(source instanceof BlobSource.Bytes bytes)) {
            BlobStore.super.put(name, source);
            return;
        }
        String key = key(name);
        try {
            putObject(key, bytes.array(), bytes.count());
        } catch (Exception e) {
            throw mapped("put", name, e);
        }
    }

    @Override
    public final InputStream open(String name) throws IOException {
        String key = key(name);
        try {
            return getObject(key, 0, -1).body();
        } catch (Exception e) {
            throw mapped("open", name, e);
        }
    }

    @Override
    public final InputStream openRange(String name, long offset, long length) throws IOException {
        String key = key(name);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative range " + offset + "+" + length + " of blob " + name);
        }
        if (length == 0) {
            long size = stat(name).size();
            if (offset > size) {
                throw new StorageException(pastEnd(name, offset, length, size));
            }
            return InputStream.nullInputStream();
        }
        ObjectBody object;
        try {
            object = getObject(key, offset, length);
        } catch (Exception e) {
            if (isRangeNotSatisfiable(e)) {
                throw new StorageException(
                        pastEnd(name, offset, length, stat(name).size()), e);
            }
            throw mapped("open range of", name, e);
        }
        if (object.servedLength() >= 0 && object.servedLength() < length) {
            object.body().close();
            throw new StorageException(pastEnd(name, offset, length, stat(name).size()));
        }
        return object.body();
    }

    private String pastEnd(String name, long offset, long length, long size) {
        return "range " + offset + "+" + length + " is past the end of blob " + name + " (" + size + " bytes) in "
                + describe;
    }

    @Override
    public final BlobInfo stat(String name) throws IOException {
        String key = key(name);
        try {
            return new BlobInfo(name, objectSize(key));
        } catch (Exception e) {
            throw mapped("stat", name, e);
        }
    }

    @Override
    public final List<BlobInfo> list(String prefix) throws IOException {
        BlobName.requireValidPrefix(prefix);
        List<BlobInfo> objects = new ArrayList<>();
        try {
            listObjects(folder + prefix, objects);
        } catch (Exception e) {
            throw mapped("list", prefix.isEmpty() ? "(all)" : prefix + "*", e);
        }
        List<BlobInfo> blobs = new ArrayList<>(objects.size());
        for (BlobInfo o : objects) {
            if (o.name().startsWith(folder) && !o.name().endsWith("/")) {
                blobs.add(new BlobInfo(o.name().substring(folder.length()), o.size()));
            }
        }
        return blobs;
    }

    @Override
    public final void delete(String name) throws IOException {
        String key = key(name);
        try {
            deleteObject(key);
        } catch (Exception e) {
            StorageException failure = mapped("delete", name, e);
            if (!(failure instanceof BlobNotFoundException)) {
                throw failure;
            }
        }
    }

    @Override
    public final String describe() {
        return describe;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + describe + "]";
    }

    private String key(String name) {
        return folder + BlobName.requireValid(name);
    }

    private StorageException mapped(String operation, String name, Exception e) {
        if (e instanceof StorageException s) {
            return s;
        }
        return failure(operation + " " + name + " in " + describe, name, e);
    }
}
