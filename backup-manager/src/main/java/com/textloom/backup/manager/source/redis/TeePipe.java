package com.textloom.backup.manager.source.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Passes the bytes read from a stream to a second reader in another thread, through a bounded
 * queue (at most {@value #DEPTH} chunks in flight, so memory stays bounded). If the second reader
 * gives up ({@link #detach}), the main stream continues unaffected.
 */
final class TeePipe {
    private static final int DEPTH = 64;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(DEPTH);
    private volatile boolean detached;

    /** Wraps {@code source}: what is read from the result is also queued for {@link #reader()}. */
    InputStream tee(InputStream source) {
        return new InputStream() {
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = source.read(b, off, len);
                if (n > 0) {
                    put(Arrays.copyOfRange(b, off, off + n));
                } else if (n < 0 && !ended) {
                    ended = true;
                    put(END);
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                if (!ended) {
                    detached = true;
                    queue.clear();
                    queue.offer(END);
                }
                source.close();
            }
        };
    }

    private void put(byte[] chunk) throws IOException {
        try {
            while (!detached) {
                if (queue.offer(chunk, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }

    /** Stops feeding the second reader (it failed or is no longer interested). */
    void detach() {
        detached = true;
        queue.clear();
    }

    /** The second reader's stream: the same bytes, ending where the main stream ended. */
    InputStream reader() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int pos;
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (pos == current.length) {
                    if (ended) {
                        return -1;
                    }
                    try {
                        current = queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException();
                    }
                    pos = 0;
                    if (current == END) {
                        ended = true;
                        return -1;
                    }
                }
                int n = Math.min(len, current.length - pos);
                System.arraycopy(current, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }
}
