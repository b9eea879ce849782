package com.textloom.backup.testservers;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Optional;

/**
 * Entry point of a server JVM started for a test: runs the server's real main class and ends the JVM when
 * the JVM that started it is gone, so that a test JVM killed without running its shutdown hooks leaves no
 * server behind (and, when asked, no data directory either).
 *
 * <p>Usage: {@code ChildMain <main class> <args...>} with the system properties
 * {@value #PARENT_PID} (the pid to watch) and optionally {@value #ORPHAN_CLEANUP} (a directory to delete
 * when the parent is gone).
 */
public final class ChildMain {

    static final String PARENT_PID = "textloom.parent.pid";
    static final String ORPHAN_CLEANUP = "textloom.orphan.cleanup";

    private ChildMain() {}

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ChildMain <main class> [args...]");
        }
        String parentPid = System.getProperty(PARENT_PID);
        if (parentPid != null) {
            watchParent(Long.parseLong(parentPid), System.getProperty(ORPHAN_CLEANUP));
        }
        try {
            Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object)
                    Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void watchParent(long pid, String cleanupDir) {
        Thread watchdog = new Thread(
                () -> {
                    Optional<ProcessHandle> parent = ProcessHandle.of(pid);
                    while (parent.isPresent() && parent.get().isAlive()) {
                        try {
                            Thread.sleep(500);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    System.err.println("textloom test-servers: parent JVM " + pid + " is gone, stopping");
                    if (cleanupDir != null) {
                        try {
                            Directories.deleteTree(Paths.get(cleanupDir));
                        } catch (RuntimeException e) {
                            System.err.println("textloom test-servers: cannot delete " + cleanupDir + ": " + e);
                        }
                    }
                    Runtime.getRuntime().halt(0);
                },
                "textloom-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
