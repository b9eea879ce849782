package com.textloom.backup.repository.restorer;

import com.textloom.backup.repository.ProgressListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes decoded blobs into the files of one batch at their offsets, from several fetcher threads at once.
 *
 * <p>A file's channel is opened at its first blob and kept open until its last blob is written (the batch says how
 * many each file has), instead of one open and close per blob; at most {@link #MAX_OPEN} channels are kept open, past
 * that a write opens and closes its own. Positional writes to one channel from several threads are safe
 * ({@link FileChannel#write(ByteBuffer, long)}). Files are opened for writing only, never created (the tree walk
 * created them) and never through a symbolic link. After {@link #close()} every channel is closed, also when a fetch
 * failed half-way, so metadata set afterwards is not changed by a late write.
 */
final class FileWriter implements AutoCloseable {
    /** Channels kept open at once; far below the usual 1024 file descriptors per process. */
    static final int MAX_OPEN = 128;

    /** Where one blob goes: a file and the offset in it. */
    record Target(Path path, long offset) {}

    private final ProgressListener progress;
    private final AtomicLong bytes;
    private final Map<Path, Integer> remaining = new HashMap<>();
    private final Map<Path, FileChannel> open = new HashMap<>();
    private boolean closed;

    /**
     * @param jobs the batch: each file's number of content blobs is the number of writes it will get
     * @param bytes counts the bytes written (all batches of a restore share it)
     */
    FileWriter(List<FileJob> jobs, ProgressListener progress, AtomicLong bytes) {
        this.progress = progress;
        this.bytes = bytes;
        for (FileJob job : jobs) {
            remaining.merge(job.path(), job.node().content().size(), Integer::sum);
        }
    }

    /** Writes {@code data} at every target; a file's channel is closed once its last blob is written. */
    void write(byte[] data, List<Target> targets) throws IOException {
        for (Target t : targets) {
            Channel c = channel(t.path());
            try {
                ByteBuffer b = ByteBuffer.wrap(data);
                long at = t.offset();
                while (b.hasRemaining()) {
                    at += c.channel().write(b, at);
                }
            } finally {
                if (!c.kept()) {
                    c.channel().close();
                }
            }
            bytes.addAndGet(data.length);
            progress.bytesProcessed(data.length);
            written(t.path());
        }
    }

    private record Channel(FileChannel channel, boolean kept) {}

    private Channel channel(Path path) throws IOException {
        synchronized (this) {
            if (closed) {
                // a fetch still running after the batch failed: nothing more is written
                throw new java.io.InterruptedIOException("the restore of this batch has ended");
            }
            FileChannel ch = open.get(path);
            if (ch != null) {
                return new Channel(ch, true);
            }
            if (open.size() < MAX_OPEN && remaining.getOrDefault(path, 0) > 1) {
                ch = FileChannel.open(path, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                open.put(path, ch);
                return new Channel(ch, true);
            }
        }
        return new Channel(FileChannel.open(path, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), false);
    }

    /** One write of {@code path} is done; the last one closes its kept channel. */
    private void written(Path path) throws IOException {
        FileChannel done;
        synchronized (this) {
            Integer left = remaining.merge(path, -1, Integer::sum);
            if (left != null && left > 0) {
                return;
            }
            remaining.remove(path);
            done = open.remove(path);
        }
        if (done != null) {
            done.close();
        }
    }

    /** Channels kept open now (at most {@link #MAX_OPEN}). */
    synchronized int openChannels() {
        return open.size();
    }

    /** Closes every channel still open; the first failure is thrown after all were tried. */
    @Override
    public void close() throws IOException {
        List<FileChannel> left;
        synchronized (this) {
            closed = true;
            left = new ArrayList<>(open.values());
            open.clear();
        }
        IOException first = null;
        for (FileChannel ch : left) {
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
