package com.textloom.backup.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * The application the suite protects, made up for one test run: a PostgreSQL database of its own on the machine's
 * server (created, then dropped with every database named after it), a {@code redis-server} of its own on a free
 * port (data in db {@value #REDIS_DB}; shut down at the end: an in-place Redis restore rewrites every db of its
 * server, so never the machine's shared one), and a workspace and a log directory under {@code root}.
 */
final class TextloomApp implements AutoCloseable {

    /** The Redis db index the application's keys are in. */
    static final int REDIS_DB = 10;

    static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";

    final String database = "e2e_" + UUID.randomUUID().toString().substring(0, 8);
    final Path workspace;
    final Path logs;
    final Path redisDir;
    final int redisPort;

    private TextloomApp(Path root) throws IOException {
        this.workspace = root.resolve("workspace");
        this.logs = root.resolve("logs");
        this.redisDir = Files.createDirectories(root.resolve("redis"));
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            this.redisPort = s.getLocalPort();
        }
    }

    /** Creates the database, the Redis keys, the workspace tree and the logs. */
    static TextloomApp create(Path root) throws Exception {
        TextloomApp app = new TextloomApp(root);
        try {
            app.startRedis();
            app.fillDatabase();
            app.fillRedis();
            app.fillWorkspace();
            app.fillLogs();
        } catch (Exception | Error e) {
            app.close();
            throw e;
        }
        return app;
    }

    String databaseUrl() {
        return "postgresql://postgres@127.0.0.1:5432/" + database;
    }

    String redisUrl() {
        return "redis://127.0.0.1:" + redisPort + "/" + REDIS_DB;
    }

    /**
     * Starts the private server: no persistence, {@code DEBUG DIGEST} enabled (the tests compare whole datasets
     * with it), no diskless-sync delay (the manager's backups read the RDB through replication).
     */
    private void startRedis() throws Exception {
        Process p = new ProcessBuilder(
                        "redis-server",
                        "--port",
                        Integer.toString(redisPort),
                        "--bind",
                        "127.0.0.1",
                        "--dir",
                        redisDir.toString(),
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--enable-debug-command",
                        "yes",
                        "--repl-diskless-sync-delay",
                        "0",
                        "--daemonize",
                        "yes",
                        "--pidfile",
                        redisDir.resolve("redis.pid").toString(),
                        "--logfile",
                        redisDir.resolve("redis.log").toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("redis-server did not start: " + out);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", redisPort)) {
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("redis-server on port " + redisPort + " does not accept connections", e);
                }
                Thread.sleep(50);
            }
        }
    }

    private void fillDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES + "postgres", "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        try (Connection c = DriverManager.getConnection(POSTGRES + database, "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE documents (id serial PRIMARY KEY, title text NOT NULL, body text, data bytea,"
                    + " created timestamptz DEFAULT now())");
            s.execute("INSERT INTO documents (title, body, data) SELECT 'doc ' || g, repeat('文本 ' || g, 20),"
                    + " decode(md5(g::text), 'hex') FROM generate_series(1, 300) g");
            s.execute("CREATE TABLE tags (document_id int REFERENCES documents(id), tag text)");
            s.execute(FILL_TAGS);
        }
    }

    private static final String FILL_TAGS =
            "INSERT INTO tags SELECT g, 'tag' || (g % 7) FROM generate_series(1, 300) g";

    /** Runs one SQL statement in the app's database. */
    void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES + database, "postgres", null);
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** Puts the {@code tags} rows back as they were created (after a test emptied the table). */
    void refillTags() throws SQLException {
        sql(FILL_TAGS);
    }

    /** The application's keys (db {@value #REDIS_DB} emptied first). */
    void fillRedis() throws Exception {
        redis("FLUSHDB");
        redis("SET", "session:1", "alice");
        redis("SET", "cache:page", "<html>", "EX", "3600");
        redis("HSET", "user:1", "name", "Alice", "lang", "zh");
        redis("RPUSH", "queue:jobs", "a", "b", "c");
        redis("SADD", "tags", "x", "y");
        redis("ZADD", "rank", "1", "one", "2", "two");
    }

    private void fillWorkspace() throws IOException {
        Random random = new Random(4);
        Files.createDirectories(workspace.resolve("projects/p1/chapters"));
        Files.createDirectories(workspace.resolve("empty"));
        Files.writeString(workspace.resolve("projects/p1/chapters/01-开始.md"), "# 第一章\n".repeat(500));
        Files.writeString(workspace.resolve("projects/p1/meta.json"), "{\"title\": \"p1\"}\n");
        Files.write(workspace.resolve("projects/p1/empty.txt"), new byte[0]);
        byte[] blob = new byte[1_500_000];
        random.nextBytes(blob);
        Files.write(workspace.resolve("projects/p1/cover.bin"), blob);
        Path script = workspace.resolve("hook.sh");
        Files.writeString(script, "#!/bin/sh\necho hook\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(
                workspace.resolve("projects/p1/meta.json"), FileTime.from(Instant.parse("2024-02-29T12:34:56Z")));
    }

    private void fillLogs() throws IOException {
        Files.createDirectories(logs);
        Files.writeString(logs.resolve("textloom.log"), "2025-08-20 12:00:00 INFO started\n".repeat(200));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(logs.resolve("textloom.log.1.gz")))) {
            out.write("2025-08-19 12:00:00 INFO older\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Runs one command with {@code redis-cli} on this app's db index; returns its output. */
    String redis(String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(
                "redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(redisPort), "-n", Integer.toString(REDIS_DB)));
        argv.addAll(List.of(command));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.startsWith("ERR")) {
            throw new IOException("redis-cli " + argv + " failed: " + out);
        }
        return out.trim();
    }

    /** Drops the database and every database named after it (restored copies), and shuts the Redis server down. */
    @Override
    public void close() throws Exception {
        try (Connection c = DriverManager.getConnection(POSTGRES + "postgres", "postgres", null);
                Statement s = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (var rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + database + "%'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String name : names) {
                s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            }
        } finally {
            try {
                redis("SHUTDOWN", "NOSAVE");
            } catch (IOException gone) {
                // SHUTDOWN closes the connection without a reply; a server already gone is what we want
            }
        }
    }
}
