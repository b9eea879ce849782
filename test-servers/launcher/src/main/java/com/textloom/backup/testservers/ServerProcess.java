package com.textloom.backup.testservers;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server running in its own JVM (the same {@code java} as this one), its output appended to a log file.
 *
 * <p>A process {@linkplain #start started} {@code tiedToThisJvm} runs through {@link ChildMain}, which ends it
 * when this JVM is gone even if this JVM was killed; a detached one (the local stack) outlives its starter.
 */
final class ServerProcess {

    private final String name;
    private final Process process;
    private final Path log;

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code mainClass} in a new JVM.
     *
     * @param name          what it is, for messages and for {@code ps} ({@code -Dtextloom.server=name})
     * @param classpath     the server's classpath
     * @param jvmOptions    heap and other JVM options
     * @param mainClass     the server's main class
     * @param args          its arguments
     * @param workDir       its working directory (also where its argument file is written)
     * @param log           file receiving its standard output and error
     * @param tiedToThisJvm whether it must end when this JVM ends
     * @param orphanCleanup a directory the server deletes when it finds this JVM gone, or {@code null}
     */
    static ServerProcess start(
            String name,
            String classpath,
            List<String> jvmOptions,
            String mainClass,
            List<String> args,
            Path workDir,
            Path log,
            boolean tiedToThisJvm,
            Path orphanCleanup) {
        return start(name, classpath, jvmOptions, mainClass, args, workDir, log, tiedToThisJvm, orphanCleanup, null);
    }

    /**
     * As {@link #start(String, String, List, String, List, Path, Path, boolean, Path)}, with the server's
     * environment replaced by {@code environment} when it is not {@code null} (nothing inherited).
     */
    static ServerProcess start(
            String name,
            String classpath,
            List<String> jvmOptions,
            String mainClass,
            List<String> args,
            Path workDir,
            Path log,
            boolean tiedToThisJvm,
            Path orphanCleanup,
            Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-Dtextloom.server=" + name);
        // the launcher's own classes come first: ChildMain and KafkaMain run in the server's JVM
        String fullClasspath = RuntimeClasspath.launcherLocation() + File.pathSeparator + classpath;
        if (tiedToThisJvm) {
            command.add(
                    "-D" + ChildMain.PARENT_PID + "=" + ProcessHandle.current().pid());
            if (orphanCleanup != null) {
                command.add("-D" + ChildMain.ORPHAN_CLEANUP + "=" + orphanCleanup);
            }
        }
        // the classpath goes into an argument file: it is long, and `ps` stays readable
        Path argFile = workDir.resolve(name + ".classpath");
        Directories.writePrivate(argFile, "-cp\n\"" + fullClasspath.replace("\\", "\\\\") + "\"\n");
        command.add("@" + argFile);
        if (tiedToThisJvm) {
            command.add(ChildMain.class.getName());
        }
        command.add(mainClass);
        command.addAll(args);
        keepOnePreviousLogIfLarge(log);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (environment != null) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        try {
            return new ServerProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + name + " JVM: " + command, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                ? OptionalInt.of(process.exitValue())
                : OptionalInt.empty();
    }

    Path log() {
        return log;
    }

    /**
     * Waits until {@code ready} holds. Fails, after killing the process, when the process dies or the time
     * is up; the message carries the end of the server's log.
     */
    void awaitReady(BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " while starting; end of " + log + ":\n" + logTail(60));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                String tail = logTail(60);
                kill();
                throw new IllegalStateException(
                        name + " was not ready within " + timeout.toSeconds() + " s; end of " + log + ":\n" + tail);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                kill();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting " + name, e);
            }
        }
    }

    /** Whether the log written so far contains {@code text} on one line. */
    boolean logContains(String text) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(Files.newInputStream(log), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.contains(text)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last {@code lines} lines of the server's log (at most 64 KiB of it). */
    String logTail(int lines) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            int size = (int) Math.min(length, 64 * 1024);
            byte[] bytes = new byte[size];
            file.seek(length - size);
            file.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\n");
            StringBuilder tail = new StringBuilder();
            for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
                tail.append("    ").append(all[i]).append('\n');
            }
            return tail.toString();
        } catch (IOException e) {
            return "    (no log: " + e + ")\n";
        }
    }

    /** Asks the server to stop (SIGTERM), waits up to {@code grace}, then kills it and its descendants. */
    void stop(Duration grace) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the server and its descendants at once (SIGKILL) and waits until they are gone. */
    void kill() {
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
            for (ProcessHandle descendant : descendants) {
                descendant.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // a descendant that does not report its exit in time is left to the OS
        }
    }

    /** A log kept between runs (the local stack) is moved to {@code <log>.1} once it passes 10 MiB. */
    private static void keepOnePreviousLogIfLarge(Path log) {
        try {
            if (Files.exists(log) && Files.size(log) > 10L * 1024 * 1024) {
                Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate " + log, e);
        }
    }

    private static String javaExecutable() {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(java)) {
            return java.toString();
        }
        return ProcessHandle.current().info().command().orElse("java");
    }
}
