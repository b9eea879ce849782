package com.textloom.backup.recovery.recover;

import com.textloom.backup.testservers.KafkaBroker;
import com.textloom.backup.testservers.PackagedService;
import com.textloom.backup.testservers.S3ProxyServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The world a recovery test breaks and recovers, on the machine's real servers: a PostgreSQL database
 * {@code drr_<random>} with data (dropped at the end with every {@code drr_<random>*} copy: set-aside and scratch
 * databases), the real Kafka broker (test-servers) and the packaged backup-manager in its own JVM
 * ({@code target/drr-<time>/backup-manager}, its repository beside it), configured like a user would, and a private
 * redis-server on a free port ({@link PrivateRedis}: an in-place Redis restore rewrites every db of its server, so
 * never the machine's shared one). Gives the disaster-recovery under test the same database, Redis, broker and
 * manager, an API key, a PostgreSQL restart hook that prints and a Redis restart hook that starts the server.
 */
public class RecoveryWorld implements QuarkusTestResourceLifecycleManager {
    static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    static final String API_KEY = "drr-" + UUID.randomUUID();
    /** BACKUP_EVENT_SIGNING_KEY of the manager and of the service under test (the same: they share it). */
    static final String SIGNING_KEY = "drr-signing-key-" + UUID.randomUUID();

    static final String ENCRYPTION_KEY = newEncryptionKey();

    private final String database = "drr_" + UUID.randomUUID().toString().substring(0, 8);
    private PackagedService manager;
    private PrivateRedis redis;
    private boolean s3Repository;
    private boolean s3Remote;
    private String remoteUri;
    private Path appRoot;
    private boolean coldRedis;

    /**
     * {@code repository=s3}: the manager's only repository is a bucket on the real S3Proxy (nothing local);
     * {@code repository=local+s3}: a local repository copied after each backup to a bucket on S3Proxy (BACKUP_REMOTES).
     * {@code redis=cold}: the private redis-server's data directory lies under the manager's BACKUP_RESTORE_ROOTS and
     * is BACKUP_DR_REDIS_DATA_DIR (a cold start from the RDB file is possible), and it holds {@code test.redis-keys}
     * (system property, default 20 000) more keys in db 0.
     */
    @Override
    public void init(Map<String, String> initArgs) {
        s3Repository = "s3".equals(initArgs.get("repository"));
        s3Remote = "local+s3".equals(initArgs.get("repository"));
        coldRedis = "cold".equals(initArgs.get("redis"));
    }

    @Override
    public Map<String, String> start() {
        Path root = Path.of(
                        "target",
                        "drr-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")))
                .toAbsolutePath();
        try {
            createDatabase();
            redis = PrivateRedis.start(
                    Files.createDirectories(root.resolve(coldRedis ? "restore/redis-data" : "redis")));
            redis.fill();
            if (coldRedis) {
                redis.cli(
                        0,
                        "DEBUG",
                        "POPULATE",
                        Integer.getInteger("test.redis-keys", 20_000).toString(),
                        "bulk",
                        "64");
            }
            Path dir = Files.createDirectories(root.resolve("backup-manager"));
            Map<String, String> env = new LinkedHashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.shared().bootstrapServers());
            env.put("DATABASE_URL", databaseUrl());
            env.put("REDIS_URL", redis.url(0));
            Path app = Files.createDirectories(root.resolve("app"));
            TextloomFiles.fill(app);
            env.put("TEXTLOOM_WORKSPACE_DIR", app.resolve("workspace").toString());
            env.put("TEXTLOOM_LOG_DIR", app.resolve("logs").toString());
            if (s3Repository) {
                S3ProxyServer s3 = S3ProxyServer.shared();
                env.put(
                        "BACKUP_REPOSITORY",
                        "s3:" + s3.endpoint() + "/drr-"
                                + UUID.randomUUID().toString().substring(0, 8));
                env.put("MINIO_ACCESS_KEY", s3.accessKey());
                env.put("MINIO_SECRET_KEY", s3.secretKey());
            } else {
                env.put("BACKUP_LOCAL_DIR", root.resolve("backups").toString());
            }
            if (s3Remote) {
                S3ProxyServer s3 = S3ProxyServer.shared();
                remoteUri = "s3:" + s3.endpoint() + "/drr-remote-"
                        + UUID.randomUUID().toString().substring(0, 8);
                env.put("BACKUP_REMOTES", remoteUri);
                env.put("MINIO_ACCESS_KEY", s3.accessKey());
                env.put("MINIO_SECRET_KEY", s3.secretKey());
            }
            appRoot = app;
            env.put("BACKUP_ENCRYPTION_KEY", ENCRYPTION_KEY);
            env.put("BACKUP_RESTORE_ROOTS", root.resolve("restore").toString());
            env.put("BACKUP_API_KEY", "it=" + API_KEY);
            env.put("BACKUP_EVENT_SIGNING_KEY", SIGNING_KEY); // in-place restores need signed requests
            env.put("BACKUP_PARALLEL_JOBS", "1");
            Path file = dir.resolve(".env.backup");
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            StringBuilder text = new StringBuilder("# written by the recovery tests\n");
            env.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            Files.writeString(file, text);
            manager = PackagedService.module("backup-manager").workDir(dir).start();
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("the recovery test world did not start: " + e.getMessage(), e);
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        config.put("database.url", databaseUrl());
        config.put("redis.url", redis.url(0));
        config.put("backup.dr.redis-restart-command", redis.startCommand());
        config.put("backup.dr.drill-redis-db", "7");
        config.put("test.redis-port", Integer.toString(redis.port()));
        if (coldRedis) {
            config.put("backup.dr.redis-data-dir", redis.dir().toString());
            config.put("test.redis-dir", redis.dir().toString());
        }
        config.put("backup.manager-url", manager.url()); // recoveries, the catalogue and the assessment
        config.put("backup.api-key", "it=" + API_KEY);
        config.put("backup.event-signing-key", SIGNING_KEY);
        config.put("backup.encryption-key", ENCRYPTION_KEY);
        config.put("backup.dr.state-dir", root.resolve("dr-state").toString());
        config.put(
                "backup.dr.postgres-restart-command",
                "echo \"restarted $TEXTLOOM_DR_SCENARIO for $TEXTLOOM_DR_RUN_ID\"; env | sort; echo " + ENCRYPTION_KEY);
        config.put("test.manager-repository", root.resolve("backups").toString());
        config.put("test.app-root", appRoot.toString());
        config.put("backup.dr.drill-dir", root.resolve("restore/drill").toString());
        config.put("backup.dr.standby-database", database + "_standby");
        config.put("backup.dr.standby-redis-url", redis.url(5));
        config.put("backup.dr.standby-dir", root.resolve("restore/standby").toString());
        config.put("backup.dr.switch-command", "echo switched traffic to the standby");
        if (s3Remote) {
            // the assessment (storage check, storage_failure's choice of remote) reads the same repository and remote
            config.put("backup.local-dir", root.resolve("backups").toString());
            config.put("BACKUP_REMOTES", remoteUri);
            config.put("MINIO_ACCESS_KEY", S3ProxyServer.shared().accessKey());
            config.put("MINIO_SECRET_KEY", S3ProxyServer.shared().secretKey());
            config.put("test.remote", remoteUri);
            config.put("backup.dr.check-timeout", "10s"); // a loaded 2-core machine
        }
        return config;
    }

    String databaseUrl() {
        return "postgresql://postgres@127.0.0.1:5432/" + database;
    }

    private void createDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES + "postgres", "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        try (Connection c = DriverManager.getConnection(POSTGRES + database, "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE documents (id serial PRIMARY KEY, title text NOT NULL, body text, data bytea,"
                    + " created timestamptz DEFAULT '2025-08-20 12:00:00+00')");
            s.execute("INSERT INTO documents (title, body, data) SELECT 'doc ' || g, repeat('文本 ' || g, 20),"
                    + " decode(md5(g::text), 'hex') FROM generate_series(1, 2000) g");
            s.execute("CREATE TABLE tags (document_id int REFERENCES documents(id), tag text)");
            s.execute("INSERT INTO tags SELECT g, 'tag' || (g % 7) FROM generate_series(1, 2000) g");
        }
    }

    @Override
    public void stop() {
        if (manager != null) {
            manager.close();
        }
        if (redis != null) {
            redis.close();
        }
        try (Connection c = DriverManager.getConnection(POSTGRES + "postgres", "postgres", null);
                Statement s = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs =
                    s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + database + "%'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String n : names) {
                s.execute("DROP DATABASE IF EXISTS \"" + n + "\" WITH (FORCE)");
            }
        } catch (SQLException e) {
            System.err.println("recovery tests: could not drop the test databases " + database + "*: " + e);
        }
    }

    /** A new key as {@code Fernet.generate_key()} prints it: url-safe base64 of 32 random bytes. */
    private static String newEncryptionKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getUrlEncoder().encodeToString(key);
    }
}
