package com.textloom.backup.manager.restore;

import com.textloom.backup.manager.source.StreamOpener;
import com.textloom.backup.repository.Repository;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens a stream component of a snapshot as an {@link InputStream}: {@code repo.dumpStream} runs in
 * its own thread into a pipe (1 MiB buffer), so nothing is staged. If the dump fails (a corrupt or
 * missing blob), the reader gets that error instead of a clean end of stream.
 */
final class RepositoryStreams {
    private RepositoryStreams() {
    }

    static StreamOpener opener(Repository repo, String snapshotId) {
        return name -> open(repo, snapshotId, name);
    }

    static InputStream open(Repository repo, String snapshotId, String component) throws IOException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        PipedInputStream in = new PipedInputStream(1 << 20);
        PipedOutputStream out = new PipedOutputStream(in);
        Thread t = new Thread(() -> {
            try (out) {
                repo.dumpStream(snapshotId, component, out);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "dump-" + component);
        t.setDaemon(true);
        t.start();
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n;
                try {
                    n = in.read(b, off, len);
                } catch (IOException e) {
                    check();
                    throw e;
                }
                if (n < 0) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException();
                    }
                    check();
                }
                return n;
            }

            private void check() throws IOException {
                Throwable f = failure.get();
                if (f != null) {
                    throw new IOException("reading " + component + " from the repository failed: " + f.getMessage(), f);
                }
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }
}
