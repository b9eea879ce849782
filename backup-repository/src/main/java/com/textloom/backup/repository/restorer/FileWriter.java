package com.textloom.backup.repository.restorer;

import com.textloom.backup.repository.ProgressListener;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes decoded blobs into the files of one batch at their offsets, from several fetcher threads at once, the way
 * restic's {@code filesWriter} does.
 *
 * <p>A file is created ({@code CREATE_NEW}, 0600, never through a symbolic link) by the first of its blobs to arrive,
 * on a fetcher thread, unless the tree walk created it already ({@link FileJob#exists()}); so creating the files of a
 * batch runs in parallel and overlaps with reading the packs instead of coming before it on one thread. Its channel is
 * kept open from that blob to its last one (the batch says how many each file has), never more than {@link #MAX_OPEN}
 * at once: past that a write opens and closes its own. Positional writes to one channel from several threads are safe
 * ({@link FileChannel#write(ByteBuffer, long)}); a file's state is guarded by its own lock, so files are opened,
 * created and closed in parallel.
 *
 * <p>When a file's last blob is written its channel is closed and then the {@link Finisher} is called for it (the tree
 * walk sets its mode, times and owner there): metadata is set on the fetcher threads, in parallel, once the content is
 * complete, and never on a partial file. After {@link #close()} nothing more is opened or created, every channel is
 * closed, also when a fetch failed half-way; a file left partial keeps mode 0600 and no restored times.
 */
final class FileWriter implements AutoCloseable {
    /** Channels kept open at once; far below the usual 1024 file descriptors per process. */
    static final int MAX_OPEN = 128;

    private static final Set<OpenOption> CREATE =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> OPEN = Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    /** Where one blob goes: a file and the offset in it. */
    record Target(Path path, long offset) {}

    /** Called once a file's content is complete and its channel closed. Must be thread-safe. */
    interface Finisher {
        void finished(FileJob job);

        Finisher NONE = job -> {};
    }

    /** One file of the batch; every field is guarded by the object's lock. */
    private static final class FileState {
        final FileJob job;
        int remaining;
        boolean exists;
        FileChannel channel;

        FileState(FileJob job) {
            this.job = job;
            this.exists = job.exists();
        }
    }

    private final ProgressListener progress;
    private final AtomicLong bytes;
    private final Finisher finisher;
    /** Filled by the constructor, read-only afterwards: safe to read from any thread the batch is handed to. */
    private final Map<Path, FileState> files = new HashMap<>();

    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param jobs the batch: each file's number of content blobs is the number of writes it will get
     * @param bytes counts the bytes written (all batches of a restore share it)
     * @param finisher called for each file once its last blob is written
     */
    FileWriter(List<FileJob> jobs, ProgressListener progress, AtomicLong bytes, Finisher finisher) {
        this.progress = progress;
        this.bytes = bytes;
        this.finisher = finisher;
        for (FileJob job : jobs) {
            FileState s = files.computeIfAbsent(job.path(), p -> new FileState(job));
            s.remaining += job.node().content().size();
        }
    }

    /** Writes {@code data} at every target; a file is finished once its last blob is written. */
    void write(byte[] data, List<Target> targets) throws IOException {
        write(ByteBuffer.wrap(data), targets);
    }

    /** Writes the remaining bytes of {@code data} at every target (its position and limit are left as they were). */
    void write(ByteBuffer data, List<Target> targets) throws IOException {
        int n = data.remaining();
        for (Target t : targets) {
            FileState s = files.get(t.path());
            if (s == null) {
                throw new IllegalArgumentException("not a file of this batch: " + t.path());
            }
            Open o = channel(s);
            FileChannel ch = o.channel();
            try {
                ByteBuffer b = data.duplicate();
                long at = t.offset();
                while (b.hasRemaining()) {
                    at += ch.write(b, at);
                }
            } finally {
                if (!o.kept()) {
                    ch.close();
                }
            }
            bytes.addAndGet(n);
            progress.bytesProcessed(n);
            written(s);
        }
    }

    private record Open(FileChannel channel, boolean kept) {}

    /** The file's kept channel, or a channel of its own for this write when {@link #MAX_OPEN} are kept already. */
    private Open channel(FileState s) throws IOException {
        synchronized (s) {
            if (closed) {
                // a fetch still running after the batch failed: nothing more is written
                throw new InterruptedIOException("the restore of this batch has ended");
            }
            if (s.channel != null) {
                return new Open(s.channel, true);
            }
            boolean keep = s.remaining > 1 && reserve();
            FileChannel ch;
            try {
                ch = s.exists ? FileChannel.open(s.job.path(), OPEN) : FileChannel.open(s.job.path(), CREATE, PRIVATE);
            } catch (IOException | RuntimeException e) {
                if (keep) {
                    open.decrementAndGet();
                }
                throw e;
            }
            s.exists = true;
            if (keep) {
                s.channel = ch;
            }
            return new Open(ch, keep);
        }
    }

    /** Takes one of the {@link #MAX_OPEN} places for a kept channel, if one is free. */
    private boolean reserve() {
        int n;
        do {
            n = open.get();
            if (n >= MAX_OPEN) {
                return false;
            }
        } while (!open.compareAndSet(n, n + 1));
        return true;
    }

    /** One write of {@code s} is done; the last one closes its kept channel and finishes the file. */
    private void written(FileState s) throws IOException {
        FileChannel done;
        synchronized (s) {
            if (--s.remaining > 0) {
                return;
            }
            done = s.channel;
            s.channel = null;
        }
        if (done != null) {
            open.decrementAndGet();
            done.close();
        }
        finisher.finished(s.job);
    }

    /** Channels kept open now (at most {@link #MAX_OPEN}). */
    int openChannels() {
        return open.get();
    }

    /** Closes every channel still open; the first failure is thrown after all were tried. */
    @Override
    public void close() throws IOException {
        closed = true;
        IOException first = null;
        for (FileState s : files.values()) {
            FileChannel ch;
            synchronized (s) {
                ch = s.channel;
                s.channel = null;
            }
            if (ch == null) {
                continue;
            }
            open.decrementAndGet();
            try {
                ch.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
