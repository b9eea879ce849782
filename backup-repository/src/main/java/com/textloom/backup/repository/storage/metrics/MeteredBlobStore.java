package com.textloom.backup.repository.storage.metrics;

import com.textloom.backup.repository.storage.BlobNotFoundException;
import com.textloom.backup.repository.storage.BlobSource;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.metrics.StorageMetricsSink.Outcome;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A decorator that reports every operation of another store to a {@link StorageMetricsSink}:
 * its outcome, the bytes it moved and its latency. Reads are reported when the caller closes the
 * stream, with the bytes the caller actually read. It changes nothing else.
 */
public final class MeteredBlobStore implements BlobStore {
    private final BlobStore delegate;
    private final StorageMetricsSink sink;
    private final String store;

    public MeteredBlobStore(BlobStore delegate, StorageMetricsSink sink) {
        this.delegate = delegate;
        this.sink = sink;
        this.store = delegate.describe();
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T measure(StorageOperation op, long bytes, Call<T> call) throws IOException {
        long start = System.nanoTime();
        try {
            T result = call.run();
            sink.record(store, op, Outcome.SUCCESS, bytes, Duration.ofNanos(System.nanoTime() - start));
            return result;
        } catch (IOException | RuntimeException e) {
            sink.record(store, op, outcome(e), 0, Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
    }

    private static Outcome outcome(Exception e) {
        return e instanceof BlobNotFoundException ? Outcome.NOT_FOUND : Outcome.FAILURE;
    }

    @Override
    public void put(String name, InputStream data, long length) throws IOException {
        measure(StorageOperation.PUT, length, () -> {
            delegate.put(name, data, length);
            return null;
        });
    }

    /** Hands the source itself on, so that the store beneath may send bytes in memory without a copy. */
    @Override
    public void put(String name, BlobSource source) throws IOException {
        measure(StorageOperation.PUT, source.length(), () -> {
            delegate.put(name, source);
            return null;
        });
    }

    @Override
    public InputStream open(String name) throws IOException {
        return reading(StorageOperation.OPEN, () -> delegate.open(name));
    }

    @Override
    public InputStream openRange(String name, long offset, long length) throws IOException {
        return reading(StorageOperation.OPEN_RANGE, () -> delegate.openRange(name, offset, length));
    }

    private InputStream reading(StorageOperation op, Call<InputStream> open) throws IOException {
        long start = System.nanoTime();
        InputStream in;
        try {
            in = open.run();
        } catch (IOException | RuntimeException e) {
            sink.record(store, op, outcome(e), 0, Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
        return new CountingStream(in, op, start);
    }

    @Override
    public BlobInfo stat(String name) throws IOException {
        return measure(StorageOperation.STAT, 0, () -> delegate.stat(name));
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        return measure(StorageOperation.LIST, 0, () -> delegate.list(prefix));
    }

    @Override
    public void delete(String name) throws IOException {
        measure(StorageOperation.DELETE, 0, () -> {
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

    /** Counts what the caller reads and reports once, on close; a read failure makes it a failure. */
    private final class CountingStream extends FilterInputStream {
        private final StorageOperation op;
        private final long start;
        private final AtomicBoolean reported = new AtomicBoolean();
        private long bytes;
        private boolean failed;

        CountingStream(InputStream in, StorageOperation op, long start) {
            super(in);
            this.op = op;
            this.start = start;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = in.read();
                if (b >= 0) {
                    bytes++;
                }
                return b;
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                if (n > 0) {
                    bytes += n;
                }
                return n;
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public long skip(long n) throws IOException {
            return in.skip(n);
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } finally {
                if (reported.compareAndSet(false, true)) {
                    sink.record(
                            store,
                            op,
                            failed ? Outcome.FAILURE : Outcome.SUCCESS,
                            bytes,
                            Duration.ofNanos(System.nanoTime() - start));
                }
            }
        }
    }
}
