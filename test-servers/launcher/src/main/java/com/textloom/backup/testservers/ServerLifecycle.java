package com.textloom.backup.testservers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What every server of this package shares once started: its process, its data directory, and how it
 * stops. A temporary server is killed and its directory deleted; a server with a caller's directory is
 * asked to stop and its data kept. A server tied to this JVM is also stopped by a shutdown hook; the
 * shared server of a JVM ignores {@link #close()} and stops only with the JVM.
 */
final class ServerLifecycle {

    /**
     * System property: how many seconds a server may take to start (default 180: a broker took over 60 s at load 44
     * on the 2-core CI machine, 2026-12-04); a server whose process ends fails at once whatever the limit.
     */
    static final String START_TIMEOUT_PROPERTY = "textloom.server.start-timeout-seconds";

    private static final int START_ATTEMPTS = 3;

    private final ServerProcess process;
    private final Path dataDir;
    private final boolean temporary;
    private final boolean isShared;
    private final Duration stopGrace;
    private final Thread shutdownHook;
    private boolean stopped;

    ServerLifecycle(
            String name,
            ServerProcess process,
            Path dataDir,
            boolean temporary,
            boolean tiedToThisJvm,
            boolean isShared,
            Duration stopGrace) {
        this.process = process;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.isShared = isShared;
        this.stopGrace = stopGrace;
        this.shutdownHook = tiedToThisJvm ? new Thread(this::stop, "textloom-" + name + "-stop") : null;
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    ServerProcess process() {
        return process;
    }

    Path dataDir() {
        return dataDir;
    }

    /** Stops the server unless it is the shared one (which stops at JVM exit). */
    void close() {
        if (isShared) {
            return;
        }
        stop();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs or ran
            }
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (temporary) {
            process.kill(); // its data goes away: no need for a clean shutdown
            Directories.deleteTree(dataDir);
        } else {
            process.stop(stopGrace);
        }
    }

    /**
     * Starts {@code mainClass} on {@code classpath} in its own JVM running in {@code dataDir} (log {@code log}),
     * waits until {@code ready} holds for it ({@link #awaitStarted}) and returns its lifecycle. A temporary server's
     * JVM deletes {@code dataDir} itself if it finds this JVM gone.
     *
     * @param what names the server in failure messages ("the Kafka broker")
     */
    static ServerLifecycle start(
            String name,
            String what,
            String classpath,
            List<String> jvmOptions,
            String mainClass,
            List<String> args,
            Path dataDir,
            Path log,
            Predicate<ServerProcess> ready,
            boolean temporary,
            boolean tiedToThisJvm,
            boolean isShared,
            Duration stopGrace) {
        ServerProcess process = ServerProcess.start(
                name, classpath, jvmOptions, mainClass, args, dataDir, log, tiedToThisJvm, temporary ? dataDir : null);
        awaitStarted(what, process, () -> ready.test(process), dataDir, temporary);
        return new ServerLifecycle(name, process, dataDir, temporary, tiedToThisJvm, isShared, stopGrace);
    }

    /**
     * Starts a temporary server in a new private directory, trying again on other free ports when a port
     * picked as free was taken meanwhile.
     */
    static <T> T startTemporary(String directoryPrefix, Function<Path, T> launch) {
        PortTakenException failure = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            Path dir = Directories.createPrivateTemp(directoryPrefix);
            try {
                return launch.apply(dir);
            } catch (PortTakenException e) {
                failure = e;
            } catch (RuntimeException e) {
                Directories.deleteTree(dir);
                throw e;
            }
        }
        throw failure;
    }

    /**
     * Waits until a just started server is {@code ready}. On failure the process is killed, the end of its log
     * is printed and carried by the exception; a temporary server that lost its port race throws
     * {@link PortTakenException} so that {@link #startTemporary} tries other ports.
     */
    static void awaitStarted(
            String what, ServerProcess process, BooleanSupplier ready, Path dataDir, boolean temporary) {
        try {
            process.awaitReady(ready, Duration.ofSeconds(Long.getLong(START_TIMEOUT_PROPERTY, 180)));
        } catch (IllegalStateException e) {
            process.kill();
            if (temporary && lostPortRace(process)) {
                Directories.deleteTree(dataDir);
                throw new PortTakenException(e.getMessage());
            }
            System.err.println("textloom test-servers: " + what + " did not start: " + e.getMessage());
            throw e;
        }
    }

    /** Whether the server's log says its port was taken (the JVM's and Quarkus's wordings). */
    static boolean lostPortRace(ServerProcess process) {
        return process.logContains("Address already in use")
                || process.logContains("seems to be in use by another process");
    }

    /** {@code defaults} followed by the options in the system property {@code property} (space separated). */
    static List<String> jvmOptions(List<String> defaults, String property) {
        List<String> options = new ArrayList<>(defaults);
        String extra = System.getProperty(property, "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        return options;
    }

    /** A server could not bind a port picked as free: someone took it meanwhile. */
    static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }
}
