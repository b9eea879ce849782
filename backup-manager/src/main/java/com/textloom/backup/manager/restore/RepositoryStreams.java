package com.textloom.backup.manager.restore;

import com.textloom.backup.manager.source.StreamOpener;
import com.textloom.backup.repository.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Opens a stream component of a snapshot as an {@link InputStream}: {@code repo.dumpStream} runs in
 * its own thread and hands its chunks over through a queue of at most {@value #QUEUE_BYTES} bytes
 * (plus one chunk, whatever its size), so nothing is staged and the reader never waits for more
 * than the next chunk. If the dump fails (a corrupt or missing blob), the reader gets that error
 * instead of a clean end of stream; if the reader closes early, the dump stops.
 */
final class RepositoryStreams {
    private static final long QUEUE_BYTES = 16L << 20;

    private RepositoryStreams() {}

    static StreamOpener opener(Repository repo, String snapshotId) {
        return name -> open(repo, snapshotId, name);
    }

    static InputStream open(Repository repo, String snapshotId, String component) throws IOException {
        ChunkQueue queue = new ChunkQueue();
        Thread t = new Thread(
                () -> {
                    try {
                        repo.dumpStream(snapshotId, component, queue.writer());
                        queue.end(null);
                    } catch (Throwable e) {
                        queue.end(e);
                    }
                },
                "dump-" + component);
        t.setDaemon(true);
        t.start();
        return new InputStream() {
            private byte[] current = new byte[0];
            private int pos;

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
                    byte[] next = queue.take();
                    if (next == null) {
                        Throwable f = queue.failure();
                        if (f != null) {
                            throw new IOException(
                                    "reading " + component + " from the repository failed: " + f.getMessage(), f);
                        }
                        return -1;
                    }
                    current = next;
                    pos = 0;
                }
                int n = Math.min(len, current.length - pos);
                System.arraycopy(current, pos, b, off, n);
                pos += n;
                return n;
            }

            @Override
            public void close() {
                queue.cancel();
            }
        };
    }

    /** Chunks from the dumping thread to the reader, bounded in bytes. */
    private static final class ChunkQueue {
        private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
        private long bytes;
        private boolean ended;
        private boolean cancelled;
        private Throwable failure;

        OutputStream writer() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    put(new byte[] {(byte) b});
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (len > 0) {
                        put(Arrays.copyOfRange(b, off, off + len));
                    }
                }
            };
        }

        private synchronized void put(byte[] chunk) throws IOException {
            try {
                while (!cancelled && !chunks.isEmpty() && bytes + chunk.length > QUEUE_BYTES) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
            if (cancelled) {
                throw new IOException("the reader closed the stream");
            }
            chunks.add(chunk);
            bytes += chunk.length;
            notifyAll();
        }

        /** The next chunk, or null at the end (see {@link #failure}). */
        synchronized byte[] take() throws IOException {
            try {
                while (chunks.isEmpty() && !ended) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
            byte[] chunk = chunks.poll();
            if (chunk != null) {
                bytes -= chunk.length;
                notifyAll();
            }
            return chunk;
        }

        synchronized void end(Throwable error) {
            ended = true;
            failure = error;
            notifyAll();
        }

        synchronized Throwable failure() {
            return failure;
        }

        synchronized void cancel() {
            cancelled = true;
            chunks.clear();
            bytes = 0;
            notifyAll();
        }
    }
}
