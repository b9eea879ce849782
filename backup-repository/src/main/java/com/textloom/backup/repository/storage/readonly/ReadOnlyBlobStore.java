package com.textloom.backup.repository.storage.readonly;

import com.textloom.backup.repository.storage.BlobSource;
import com.textloom.backup.repository.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A store that can only be read: {@link #open}, {@link #openRange}, {@link #stat} and {@link #list} go to the store
 * beneath, every {@link #put} and {@link #delete} is refused with {@link ReadOnlyStoreException} before it reaches
 * it. For a reader that must never change a repository, whatever code path it takes (disaster-recovery's storage
 * check reads the manager's repositories through it): a write is a bug in that reader, and fails loudly instead of
 * leaving a file behind. Not for a reader that reads blobs under the repository's shared lock ({@code dumpStream},
 * {@code restoreTree}): taking the lock writes a lock file, which this store refuses.
 *
 * <p>{@link #close()} closes the store beneath.
 */
public final class ReadOnlyBlobStore implements BlobStore {
    private final BlobStore delegate;

    public ReadOnlyBlobStore(BlobStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void put(String name, InputStream data, long length) throws IOException {
        throw refused("put", name);
    }

    @Override
    public void put(String name, BlobSource source) throws IOException {
        throw refused("put", name);
    }

    @Override
    public InputStream open(String name) throws IOException {
        return delegate.open(name);
    }

    @Override
    public InputStream openRange(String name, long offset, long length) throws IOException {
        return delegate.openRange(name, offset, length);
    }

    @Override
    public BlobInfo stat(String name) throws IOException {
        return delegate.stat(name);
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        return delegate.list(prefix);
    }

    @Override
    public void delete(String name) throws IOException {
        throw refused("delete", name);
    }

    @Override
    public String describe() {
        return "read-only(" + delegate.describe() + ")";
    }

    @Override
    public int concurrentPuts() {
        return delegate.concurrentPuts();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    private ReadOnlyStoreException refused(String operation, String name) {
        return new ReadOnlyStoreException(describe(), operation + " of " + name + " refused: this store is read-only");
    }
}
