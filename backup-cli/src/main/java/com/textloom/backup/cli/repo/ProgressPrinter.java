package com.textloom.backup.cli.repo;

import com.textloom.backup.cli.Sizes;
import com.textloom.backup.repository.ProgressListener;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Draws one status line on a terminal's stderr five times a second: files, bytes, rate, current
 * path. When stderr is not a terminal it only prints warnings. Thread-safe, as
 * {@link ProgressListener} requires.
 */
final class ProgressPrinter implements ProgressListener, AutoCloseable {
    private final PrintStream err;
    private final String verb;
    private final ScheduledExecutorService timer;
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicReference<String> current = new AtomicReference<>("");
    private final long start = System.nanoTime();

    ProgressPrinter(PrintStream err, boolean terminal, String verb) {
        this.err = err;
        this.verb = verb;
        if (terminal) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "progress");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::draw, 200, 200, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    @Override
    public void fileStarted(String path) {
        current.set(path);
    }

    @Override
    public void fileDone(String path, long size) {
        files.incrementAndGet();
    }

    @Override
    public void bytesProcessed(long n) {
        bytes.addAndGet(n);
    }

    @Override
    public void warning(String path, String message) {
        synchronized (err) {
            clearLine();
            err.println("warning: " + path + ": " + message);
        }
    }

    private void draw() {
        double secs = Math.max(0.001, (System.nanoTime() - start) / 1e9);
        String path = current.get();
        if (path.length() > 40) {
            path = "..." + path.substring(path.length() - 37);
        }
        String line = String.format(
                "%s %d files, %s, %s/s  %s",
                verb, files.get(), Sizes.human(bytes.get()), Sizes.human((long) (bytes.get() / secs)), path);
        synchronized (err) {
            err.print("\r\033[K" + line);
            err.flush();
        }
    }

    private void clearLine() {
        if (timer != null) {
            err.print("\r\033[K");
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            synchronized (err) {
                clearLine();
                err.flush();
            }
        }
    }
}
