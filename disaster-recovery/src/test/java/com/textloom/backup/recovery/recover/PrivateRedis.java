package com.textloom.backup.recovery.recover;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own on a free port (no persistence, DEBUG enabled for {@code DEBUG DIGEST}),
 * started daemonized by {@link #startCommand()} — the same command the recovery's restart hook runs — and
 * driven with redis-cli. {@link #close()} shuts it down.
 */
final class PrivateRedis implements AutoCloseable {
    private final int port;
    private final Path dir;

    private PrivateRedis(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** The server already running on {@code port} (started by the test world), to drive from a test. */
    static PrivateRedis attach(int port) {
        return new PrivateRedis(port, null);
    }

    static PrivateRedis start(Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PrivateRedis r = new PrivateRedis(port, dir);
        r.run("sh", "-c", r.startCommand());
        r.awaitUp();
        return r;
    }

    int port() {
        return port;
    }

    /** Its data directory (dir; dbfilename is Redis's default dump.rdb). */
    Path dir() {
        return dir;
    }

    String url(int db) {
        return "redis://127.0.0.1:" + port + "/" + db;
    }

    /** Starts the server in the background (the restart hook's command). */
    String startCommand() {
        return "redis-server --port " + port + " --bind 127.0.0.1 --dir " + dir + " --save '' --appendonly no"
                + " --enable-debug-command yes --daemonize yes --pidfile " + dir.resolve("redis.pid")
                + " --logfile " + dir.resolve("redis.log");
    }

    void awaitUp() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis-server on " + port + " did not start");
    }

    /** Keys of every type in db 0, a few in db 3, some with a long TTL. */
    void fill() throws Exception {
        cli(0, "FLUSHALL");
        for (int i = 0; i < 200; i++) {
            cli(0, "SET", "session:" + i, "user-" + i + "-会话");
        }
        cli(0, "SET", "cache:page", "<html>", "EX", "86400");
        cli(0, "HSET", "user:1", "name", "Alice", "lang", "zh");
        cli(0, "RPUSH", "queue:jobs", "a", "b", "c");
        cli(0, "SADD", "tags", "x", "y", "z");
        cli(0, "ZADD", "rank", "1", "one", "2", "two");
        cli(3, "SET", "other-db", "kept");
    }

    /** {@code DEBUG DIGEST}: the server's digest of its whole dataset (every db), computed by Redis itself. */
    String digest() throws Exception {
        return cli(0, "DEBUG", "DIGEST");
    }

    String cli(int db, String... args) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port), "-n", Integer.toString(db)));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    /** {@code kill -9} of the server (its pid asked with INFO): a crash, nothing saved, the RDB file left as it was. */
    void crash() throws Exception {
        String pid = cli(0, "INFO", "server")
                .lines()
                .filter(l -> l.startsWith("process_id:"))
                .findFirst()
                .orElseThrow()
                .substring("process_id:".length())
                .strip();
        run("kill", "-9", pid);
        awaitDown();
    }

    /** Stops the server without saving (the way a crash leaves it: down, data gone). */
    void kill() throws Exception {
        try {
            cli(0, "SHUTDOWN", "NOSAVE");
        } catch (IllegalStateException ignored) {
            // redis-cli reports the closed connection
        }
        awaitDown();
    }

    private void awaitDown() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                Thread.sleep(50);
            } catch (IOException down) {
                return;
            }
        }
        throw new IllegalStateException("redis-server on " + port + " did not stop");
    }

    private String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (Exception e) {
            System.err.println("recovery tests: redis-server on " + port + " did not stop: " + e);
        }
    }
}
