package com.textloom.backup.testservers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * What every server of this package answers once started, whatever it runs: its JVM's process id, whether
 * it is alive, its directory and log, and {@link #close()}, which stops it as its {@link ServerLifecycle}
 * says (a temporary server is killed and its directory deleted; one in a caller's directory is asked to stop
 * and its data kept; the shared server of a JVM stops only with the JVM).
 */
abstract class RunningServer implements AutoCloseable {

    final ServerLifecycle lifecycle;

    RunningServer(ServerLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** The server JVM's process id. */
    public long pid() {
        return lifecycle.process().pid();
    }

    /** Whether the server's JVM is running. */
    public boolean isAlive() {
        return lifecycle.process().isAlive();
    }

    /**
     * Waits up to {@code timeout} for the server's JVM to end by itself (nothing is stopped here).
     *
     * @return its exit status, or empty when it still runs
     */
    public OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        return lifecycle.process().awaitExit(timeout);
    }

    /** The directory the server runs in: its configuration, its log and its data. */
    public Path dataDir() {
        return lifecycle.dataDir();
    }

    /** The file receiving the server's standard output and error. */
    public Path logFile() {
        return lifecycle.process().log();
    }

    /**
     * Stops the server and waits until it is gone; deletes its directory when it is a temporary one. Does
     * nothing on the shared server of a JVM, which stops at JVM exit. Idempotent.
     */
    @Override
    public void close() {
        lifecycle.close();
    }
}
