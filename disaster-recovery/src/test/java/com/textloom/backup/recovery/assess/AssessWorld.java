package com.textloom.backup.recovery.assess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.textloom.backup.testservers.KafkaBroker;
import com.textloom.backup.testservers.PackagedService;
import com.textloom.backup.testservers.S3ProxyServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the assess tests look at, all real: a PostgreSQL database of their own on the machine's server (tables
 * {@code docs} 120 rows, {@code users} 20 rows, {@code empty} none), a private {@code redis-server} on a free port
 * (db 0: 300 keys, db 2: 50 keys; private so that other tests' Redis dbs cannot change the figures), the shared
 * Kafka broker and S3Proxy, and the packaged backup-manager (its own JVM) that backs all of it up once, to a local
 * repository copied to S3Proxy. The disaster-recovery service under test is configured against the same, so its
 * data-loss checks compare with figures the real manager recorded. The database URL carries a password (trust
 * auth ignores it) so that the tests can prove it never shows.
 */
public class AssessWorld implements QuarkusTestResourceLifecycleManager {

    static final String PASSWORD = "pw-" + UUID.randomUUID();
    static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/";

    private static volatile AssessWorld current;

    final String database = "dr_assess_" + UUID.randomUUID().toString().substring(0, 8);
    final String bucket = "dr-assess-" + UUID.randomUUID().toString().substring(0, 8);
    final String encryptionKey = newKey();
    /** The API key the manager requires (its backup details are read with it, as the service reads them). */
    static final String API_KEY = "assess-" + java.util.UUID.randomUUID();

    Path root;
    Path repository;
    int redisPort;
    Process redis;
    PackagedService manager;
    String backupId;
    String snapshotId;

    /** The world of the running test class. */
    static AssessWorld current() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("dr-assess-");
            repository = root.resolve("backups");
            createDatabase();
            startRedis();
            fillRedis();
            Path workspace = Files.createDirectories(root.resolve("workspace"));
            Files.writeString(workspace.resolve("note.txt"), "a workspace file\n");
            Path logs = Files.createDirectories(root.resolve("app-logs"));
            Files.writeString(logs.resolve("app.log"), "a log line\n");
            S3ProxyServer s3 = S3ProxyServer.shared();
            Map<String, String> env = new HashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.shared().bootstrapServers());
            env.put("DATABASE_URL", databaseUrl());
            env.put("REDIS_URL", redisUrl(0));
            env.put("TEXTLOOM_WORKSPACE_DIR", workspace.toString());
            env.put("TEXTLOOM_LOG_DIR", logs.toString());
            env.put("BACKUP_LOCAL_DIR", repository.toString());
            env.put("BACKUP_ENCRYPTION_KEY", encryptionKey);
            env.put("BACKUP_API_KEY", "it=" + API_KEY);
            env.put("BACKUP_RESTORE_ROOTS", root.toString());
            env.put("BACKUP_PARALLEL_JOBS", "1");
            env.put("MINIO_ENDPOINT", s3.endpoint());
            env.put("MINIO_ACCESS_KEY", s3.accessKey());
            env.put("MINIO_SECRET_KEY", s3.secretKey());
            env.put("MINIO_BUCKET", bucket);
            manager = PackagedService.module("backup-manager")
                    .workDir(Files.createDirectories(root.resolve("manager")))
                    .env(env)
                    .start();
            backUp();
            current = this;
            Map<String, String> config = new HashMap<>();
            config.put("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
            config.put("database.url", databaseUrl());
            config.put("redis.url", redisUrl(0));
            config.put("backup.local-dir", repository.toString());
            config.put("backup.encryption-key", encryptionKey);
            config.put("backup.api-key", "it=" + API_KEY);
            // the remote stores are read by their variables' names (suite-config's StorageEndpoint over SuiteLookup)
            config.put("MINIO_ENDPOINT", s3.endpoint());
            config.put("MINIO_ACCESS_KEY", s3.accessKey());
            config.put("MINIO_SECRET_KEY", s3.secretKey());
            config.put("MINIO_BUCKET", bucket);
            // the scheduler and the monitor do not run in this world: a port nothing listens on, not their default
            // ports, where a deploy/local/up of the same machine may answer
            String nowhere = "http://127.0.0.1:" + closedPort();
            // an HA pair whose first manager is dead: the catalogue and the suite check use the second
            config.put("backup.manager-url", nowhere + "," + manager.url());
            config.put("backup.scheduler-url", nowhere);
            config.put("backup.monitor-url", nowhere);
            config.put("backup.dr.check-timeout", "10s"); // a loaded 2-core machine
            config.put("backup.dr.assess-interval", "2s");
            return config;
        } catch (Exception e) {
            stop();
            throw new IllegalStateException(
                    "the assess test world did not start: " + e.getMessage()
                            + (manager == null ? "" : "\n" + manager.consoleTail(60)),
                    e);
        }
    }

    @Override
    public void stop() {
        current = null;
        if (manager != null) {
            manager.close();
        }
        if (redis != null) {
            redis.destroy();
            try {
                redis.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            sql("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException ignored) {
            // nothing to drop
        }
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp dir left behind
            }
        }
    }

    String databaseUrl() {
        return "postgresql://postgres:" + PASSWORD + "@127.0.0.1:5432/" + database;
    }

    String redisUrl(int db) {
        return "redis://127.0.0.1:" + redisPort + "/" + db;
    }

    /** Runs statements in {@code db} as postgres. */
    static void sql(String db, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(JDBC + db, "postgres", null);
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    void fillDocs() throws SQLException {
        sql(database, "INSERT INTO docs (title) SELECT 'doc ' || g FROM generate_series(1, 120) g");
    }

    private void createDatabase() throws SQLException {
        sql("postgres", "CREATE DATABASE " + database);
        sql(
                database,
                "CREATE TABLE docs (id serial PRIMARY KEY, title text NOT NULL)",
                "CREATE TABLE users (id int PRIMARY KEY, name text)",
                "INSERT INTO users SELECT g, 'user ' || g FROM generate_series(1, 20) g",
                "CREATE TABLE empty (id int)");
        fillDocs();
    }

    private void startRedis() throws IOException, InterruptedException {
        try (ServerSocket s = new ServerSocket(0)) {
            redisPort = s.getLocalPort();
        }
        Path dir = Files.createDirectories(root.resolve("redis"));
        redis = new ProcessBuilder(
                        "redis-server",
                        "--port",
                        Integer.toString(redisPort),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--repl-diskless-sync-delay",
                        "0",
                        "--dir",
                        dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        for (int i = 0; i < 100; i++) {
            if (redisCli("PING").contains("PONG")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("redis-server did not answer on port " + redisPort);
    }

    /** Fills db 0 with 300 keys and db 2 with 50. */
    void fillRedis() throws IOException, InterruptedException {
        redisEval(0, 300);
        redisEval(2, 50);
    }

    private void redisEval(int db, int keys) throws IOException, InterruptedException {
        redisCli(
                "-n",
                Integer.toString(db),
                "EVAL",
                "for i=1,tonumber(ARGV[1]) do redis.call('SET', 'key:' .. i, 'value ' .. i) end return 1",
                "0",
                Integer.toString(keys));
    }

    /** {@code redis-cli -p PORT args...}: its output. */
    String redisCli(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("redis-cli", "-p", Integer.toString(redisPort)));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    /** One full backup through the manager's REST API, waited for. */
    private void backUp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        HttpResponse<String> accepted = http.send(
                HttpRequest.newBuilder(manager.uri("/api/backups"))
                        .header("Content-Type", "application/json")
                        .header("X-API-Key", API_KEY)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"full\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("POST /api/backups: " + accepted.statusCode() + " " + accepted.body());
        }
        JsonNode a = json.readTree(accepted.body());
        backupId = a.get("backup_id").asText();
        String operation = a.get("operation_id").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode op = json.readTree(http.send(
                            HttpRequest.newBuilder(manager.uri("/api/operations/" + operation))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            String status = op.path("status").asText();
            if (status.equals("success")) {
                JsonNode detail = json.readTree(http.send(
                                HttpRequest.newBuilder(manager.uri("/api/backups/" + backupId))
                                        .header("X-API-Key", API_KEY)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
                snapshotId = detail.path("snapshot_id").asText();
                return;
            }
            if (List.of("failed", "partial", "ignored", "interrupted").contains(status)) {
                throw new IllegalStateException("the backup ended " + status + ": " + op);
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("the backup did not finish within 180 s");
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getUrlEncoder().encodeToString(key);
    }

    static URI uri(String s) {
        return URI.create(s);
    }

    static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
