package com.textloom.backup.repository.storage.retry;

import com.textloom.backup.repository.storage.BlobSource;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.StorageException;
import com.textloom.backup.repository.storage.TransientStorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A decorator that retries the operations of another store on {@link TransientStorageException}
 * (unreachable, timeout, 5xx, throttling) with exponential backoff and jitter
 * ({@link RetryPolicy}). Anything else, {@code BlobNotFoundException} and bad names included, is
 * passed on at once. When the tries run out it raises a {@link StorageException} that names the
 * store and the number of tries, with the last failure as cause; it is not transient, so stacked
 * decorators do not multiply tries.
 *
 * <p>A put is retried only when its bytes can be read again: {@link #put(String, BlobSource)} and
 * {@link #put(String, byte[])}. A put from a bare {@link InputStream} is tried once, since the
 * stream is consumed. A stream returned by {@link #open} is not resumed if it breaks midway.
 */
public final class RetryingBlobStore implements BlobStore {
    private final BlobStore delegate;
    private final RetryPolicy policy;

    public RetryingBlobStore(BlobStore delegate, RetryPolicy policy) {
        this.delegate = delegate;
        this.policy = policy;
    }

    /** The store this one decorates. */
    public BlobStore delegate() {
        return delegate;
    }

    private <T> T retry(String operation, RetryPolicy.Call<T> call) throws IOException {
        return policy.run(describe(), operation, call);
    }

    @Override
    public void put(String name, InputStream data, long length) throws IOException {
        try {
            delegate.put(name, data, length);
        } catch (TransientStorageException e) {
            throw new StorageException(
                    describe() + " failed put " + name + " after 1 try (a stream"
                            + " cannot be replayed; put a BlobSource to get retries): " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void put(String name, BlobSource source) throws IOException {
        retry("put " + name, () -> {
            delegate.put(name, source);
            return null;
        });
    }

    @Override
    public InputStream open(String name) throws IOException {
        return retry("open " + name, () -> delegate.open(name));
    }

    @Override
    public InputStream openRange(String name, long offset, long length) throws IOException {
        return retry(
                "open range " + offset + "+" + length + " of " + name, () -> delegate.openRange(name, offset, length));
    }

    @Override
    public BlobInfo stat(String name) throws IOException {
        return retry("stat " + name, () -> delegate.stat(name));
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        return retry("list " + prefix + "*", () -> delegate.list(prefix));
    }

    @Override
    public void delete(String name) throws IOException {
        retry("delete " + name, () -> {
            delegate.delete(name);
            return null;
        });
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public int concurrentPuts() {
        return delegate.concurrentPuts();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
