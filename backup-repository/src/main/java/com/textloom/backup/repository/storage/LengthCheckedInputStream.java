package com.textloom.backup.repository.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes through exactly {@code length} bytes of a stream and fails the read that would prove the
 * stream shorter or longer than declared, so that a backend consuming it aborts the put instead
 * of storing a truncated or cut-off blob ({@link BlobStore#put(String, InputStream, long)}).
 *
 * <p>When the last declared byte is delivered, one more byte is read from the underlying stream:
 * if there is one, that read fails. The check thus happens before the backend can commit. A
 * backend that may not read at all (a zero-length put) calls {@link #requireEnd()} itself first.
 */
public final class LengthCheckedInputStream extends FilterInputStream {
    private final String name;
    private final long length;
    private long remaining;
    private IOException failure;

    public LengthCheckedInputStream(InputStream in, String name, long length) {
        super(in);
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length + " for blob " + name);
        }
        this.name = name;
        this.length = length;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining == 0) {
            requireEnd();
            return -1;
        }
        int n;
        try {
            n = in.read(b, off, (int) Math.min(len, remaining));
        } catch (IOException e) {
            throw failed(e);
        }
        if (n < 0) {
            throw failed(new IOException("stream for blob " + name + " ended after " + (length - remaining) + " of "
                    + length + " declared bytes"));
        }
        remaining -= n;
        if (remaining == 0) {
            requireEnd();
        }
        return n;
    }

    /** Fails if the underlying stream yields more than the declared length. */
    public void requireEnd() throws IOException {
        if (remaining > 0) {
            throw failed(new IOException("stream for blob " + name + " ended after " + (length - remaining) + " of "
                    + length + " declared bytes"));
        }
        int next;
        try {
            next = in.read();
        } catch (IOException e) {
            throw failed(e);
        }
        if (next >= 0) {
            throw failed(
                    new IOException("stream for blob " + name + " is longer than the declared " + length + " bytes"));
        }
    }

    /**
     * The failure of the caller's data, if reading it failed (it threw, or had the wrong length):
     * lets a backend tell a bad source, which no retry fixes, from a failure of its medium.
     */
    public IOException failure() {
        return failure;
    }

    private IOException failed(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(8192, Math.max(1, n))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {}

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }
}
