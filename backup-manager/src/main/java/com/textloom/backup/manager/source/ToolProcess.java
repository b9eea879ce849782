package com.textloom.backup.manager.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An external tool ({@code pg_dump}, {@code pg_restore}...) run as a child process whose stdout is
 * read as a stream or whose stdin is written as one.
 *
 * <p>Guarantees: the stream returned by {@link #stdout()} reaches its end normally only when the
 * process exited with status 0; otherwise the last read throws an {@link IOException} carrying the
 * exit status and the tail of the tool's stderr. Closing the stream early kills the process.
 * Secrets are passed in the environment only, never on the command line.
 *
 * <p><b>Time limit</b>: a process still running after its timeout ({@code BACKUP_TOOL_TIMEOUT}) is killed, and
 * the end of its stdout, {@link #awaitSuccess()} and {@link #checkTimeout()} throw an {@link IOException} saying
 * it did not finish within the timeout: a hung tool fails its component instead of blocking the queue.
 *
 * <p><b>Environment</b>: the child gets only what it needs: the variables named in {@link #INHERITED} (and
 * libpq's own {@code PG*} settings) from this process, plus the ones the caller passes. Everything else of the
 * manager's environment ({@code BACKUP_ENCRYPTION_KEY}, {@code BACKUP_API_KEY}, storage keys ...) stays out.
 */
public final class ToolProcess implements AutoCloseable {
    /** The variables of this process a child inherits (besides {@code PG*}): where programs and locales are. */
    public static final Set<String> INHERITED = Set.of(
            "PATH",
            "HOME",
            "USER",
            "LOGNAME",
            "LANG",
            "LANGUAGE",
            "LC_ALL",
            "LC_CTYPE",
            "LC_MESSAGES",
            "LC_COLLATE",
            "LC_NUMERIC",
            "LC_TIME",
            "TZ",
            "TMPDIR",
            "LD_LIBRARY_PATH");

    private static final int STDERR_TAIL = 4096;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tool-timeout");
        t.setDaemon(true);
        return t;
    });

    private final String name;
    private final Process process;
    private final Duration timeout;
    private final StringBuilder stderrTail = new StringBuilder();
    private final Thread stderrReader;
    private final ScheduledFuture<?> watchdog;
    private volatile boolean timedOut;

    private ToolProcess(String name, Process process, Duration timeout) {
        this.name = name;
        this.process = process;
        this.timeout = timeout;
        this.stderrReader = new Thread(this::drainStderr, name + "-stderr");
        stderrReader.setDaemon(true);
        stderrReader.start();
        this.watchdog = WATCHDOG.schedule(
                () -> {
                    if (process.isAlive()) {
                        timedOut = true;
                        process.destroyForcibly();
                    }
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        process.onExit().thenRun(() -> watchdog.cancel(false));
    }

    /**
     * Starts {@code command} with only the {@linkplain #INHERITED allowed} variables of this process and
     * {@code env}; it is killed if still running after {@code timeout}.
     */
    public static ToolProcess start(List<String> command, Map<String, String> env, Duration timeout)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> childEnv = pb.environment();
        childEnv.keySet().removeIf(v -> !INHERITED.contains(v) && !v.startsWith("PG"));
        childEnv.putAll(env);
        try {
            return new ToolProcess(command.get(0), pb.start(), timeout);
        } catch (IOException e) {
            throw new IOException(
                    command.get(0) + " could not be started (is it installed and on the PATH?): " + e.getMessage(), e);
        }
    }

    /** Throws if the process was killed for running past its timeout, saying so. */
    public void checkTimeout() throws IOException {
        if (timedOut) {
            String err = stderr();
            throw new IOException(name + " did not finish within " + timeout.toSeconds()
                    + " s (BACKUP_TOOL_TIMEOUT) and was stopped" + (err.isEmpty() ? "" : "; its last output: " + err));
        }
    }

    private void drainStderr() {
        byte[] buf = new byte[1024];
        try (InputStream err = process.getErrorStream()) {
            int n;
            while ((n = err.read(buf)) > 0) {
                synchronized (stderrTail) {
                    stderrTail.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    if (stderrTail.length() > STDERR_TAIL) {
                        stderrTail.delete(0, stderrTail.length() - STDERR_TAIL);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process is gone; what we have is the tail
        }
    }

    /** The tool's stderr so far (its last few KB), trimmed. */
    public String stderr() {
        try {
            stderrReader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (stderrTail) {
            return stderrTail.toString().trim();
        }
    }

    /** The tool's stdin; close it to signal the end of input. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** The tool's stdout; see the class guarantees. */
    public InputStream stdout() {
        return new FilterInputStream(process.getInputStream()) {
            private boolean checked;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b < 0) {
                    checkExit();
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    checkExit();
                }
                return n;
            }

            private void checkExit() throws IOException {
                if (!checked) {
                    checked = true;
                    awaitSuccess();
                }
            }

            @Override
            public void close() throws IOException {
                if (!checked) {
                    process.destroyForcibly();
                }
                super.close();
            }
        };
    }

    /** Waits for the process and throws unless it exited with 0. */
    public void awaitSuccess() throws IOException {
        int code;
        try {
            code = process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(name + " interrupted");
        }
        checkTimeout();
        if (code != 0) {
            String err = stderr();
            throw new IOException(name + " exited with status " + code + (err.isEmpty() ? "" : ": " + err));
        }
    }

    @Override
    public void close() {
        watchdog.cancel(false);
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
