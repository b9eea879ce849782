package com.textloom.backup.repository.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Test kit: wraps a store and injects the failures of a real medium, on a script: the next
 * calls of an operation fail, every call from the Nth on fails (an outage, a killed process),
 * uploads break off after some bytes (a dropped connection mid-put), reads end early, every call
 * is slowed down. Failures are {@link TransientStorageException}s, as a network would cause.
 */
public final class FaultyBlobStore implements BlobStore {

    /** The operations of the SPI, as counted and scripted here. */
    public enum Op {
        PUT,
        OPEN,
        OPEN_RANGE,
        STAT,
        LIST,
        DELETE
    }

    private final BlobStore delegate;
    private final Map<Op, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<Op, AtomicInteger> failNext = new ConcurrentHashMap<>();
    private final Map<Op, Integer> failFrom = new ConcurrentHashMap<>();
    private volatile Predicate<String> failPutsOf = name -> false;
    private volatile long putBreaksAfter = -1;
    private volatile long readsEndAfter = -1;
    private volatile Duration delay = Duration.ZERO;
    private volatile java.util.function.Consumer<String> onPut = name -> {};
    private volatile java.util.function.Consumer<String> onPutDone = name -> {};

    public FaultyBlobStore(BlobStore delegate) {
        this.delegate = delegate;
        for (Op op : Op.values()) {
            calls.put(op, new AtomicInteger());
            failNext.put(op, new AtomicInteger());
        }
    }

    /** The next {@code times} calls of {@code op} fail before reaching the store. */
    public FaultyBlobStore failNext(Op op, int times) {
        failNext.get(op).set(times);
        return this;
    }

    /** The {@code nth} call of {@code op} (1-based, counted from now on) and every later one fail. */
    public FaultyBlobStore failFrom(Op op, int nth) {
        failFrom.put(op, calls.get(op).get() + nth);
        return this;
    }

    /** Every put of a name matching {@code names} fails. */
    public FaultyBlobStore failPutsOf(Predicate<String> names) {
        this.failPutsOf = names;
        return this;
    }

    /** Every put hands the store a stream that breaks after {@code bytes} bytes. */
    public FaultyBlobStore breakPutsAfter(long bytes) {
        this.putBreaksAfter = bytes;
        return this;
    }

    /** Every stream from open and openRange breaks after {@code bytes} bytes. */
    public FaultyBlobStore breakReadsAfter(long bytes) {
        this.readsEndAfter = bytes;
        return this;
    }

    /** Every call waits {@code delay} first. */
    public FaultyBlobStore delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** {@code observer} sees the name of every put as it starts (before any injected failure). */
    public FaultyBlobStore onPut(java.util.function.Consumer<String> observer) {
        this.onPut = observer;
        return this;
    }

    /** {@code observer} sees the name of every put that returned normally (the blob is stored). */
    public FaultyBlobStore onPutDone(java.util.function.Consumer<String> observer) {
        this.onPutDone = observer;
        return this;
    }

    private int concurrentPuts = -1;

    /** Asks writers for {@code n} concurrent puts (as an object store does), instead of the delegate's answer. */
    public FaultyBlobStore concurrentPuts(int n) {
        this.concurrentPuts = n;
        return this;
    }

    @Override
    public int concurrentPuts() {
        return concurrentPuts >= 0 ? concurrentPuts : delegate.concurrentPuts();
    }

    /** Back to a healthy store (the counts stay). */
    public FaultyBlobStore heal() {
        failNext.values().forEach(n -> n.set(0));
        failFrom.clear();
        failPutsOf = name -> false;
        putBreaksAfter = -1;
        readsEndAfter = -1;
        delay = Duration.ZERO;
        return this;
    }

    /** How many calls of {@code op} were made, failed ones included. */
    public int calls(Op op) {
        return calls.get(op).get();
    }

    private void enter(Op op, String name) throws TransientStorageException {
        int call = calls.get(op).incrementAndGet();
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Integer from = failFrom.get(op);
        boolean fail = from != null && call >= from;
        fail |= failNext.get(op).getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
        fail |= op == Op.PUT && failPutsOf.test(name);
        if (fail) {
            throw new TransientStorageException(
                    "injected failure of " + op + " " + name + " (call " + call + ") in " + describe());
        }
    }

    @Override
    public void put(String name, InputStream data, long length) throws IOException {
        onPut.accept(name);
        enter(Op.PUT, name);
        long limit = putBreaksAfter;
        delegate.put(name, limit < 0 ? data : new BreakingStream(data, limit, name), length);
        onPutDone.accept(name);
    }

    @Override
    public InputStream open(String name) throws IOException {
        enter(Op.OPEN, name);
        return reading(delegate.open(name), name);
    }

    @Override
    public InputStream openRange(String name, long offset, long length) throws IOException {
        enter(Op.OPEN_RANGE, name);
        return reading(delegate.openRange(name, offset, length), name);
    }

    private InputStream reading(InputStream in, String name) {
        long limit = readsEndAfter;
        return limit < 0 ? in : new BreakingStream(in, limit, name);
    }

    @Override
    public BlobInfo stat(String name) throws IOException {
        enter(Op.STAT, name);
        return delegate.stat(name);
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        enter(Op.LIST, prefix);
        return delegate.list(prefix);
    }

    @Override
    public void delete(String name) throws IOException {
        enter(Op.DELETE, name);
        delegate.delete(name);
    }

    @Override
    public String describe() {
        return "faulty(" + delegate.describe() + ")";
    }

    /** A stream that fails like a dropped connection after {@code limit} bytes. */
    private final class BreakingStream extends FilterInputStream {
        private final AtomicLong left;
        private final String name;

        BreakingStream(InputStream in, long limit, String name) {
            super(in);
            this.left = new AtomicLong(limit);
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            check();
            int b = in.read();
            if (b >= 0) {
                left.decrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            int n = in.read(b, off, (int) Math.min(len, left.get()));
            if (n > 0) {
                left.addAndGet(-n);
            }
            return n;
        }

        private void check() throws TransientStorageException {
            if (left.get() <= 0) {
                throw new TransientStorageException(
                        "injected broken connection while moving " + name + " in " + describe());
            }
        }
    }
}
