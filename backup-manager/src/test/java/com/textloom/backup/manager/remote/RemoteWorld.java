package com.textloom.backup.manager.remote;

import com.textloom.backup.manager.testing.ManagerWorld;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.testservers.KafkaBroker;
import com.textloom.backup.testservers.S3ProxyServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A manager with three remotes on the real S3 API server (S3Proxy): MinIO through the S3 client, OBS
 * through the Huawei OBS SDK (path style, V2 signing, as backup-repository's OBS test runs it), and
 * an S3 endpoint on a closed port. Its own PostgreSQL database and workspace, its own topics and
 * consumer group on the real broker.
 */
public class RemoteWorld implements QuarkusTestResourceLifecycleManager {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String DATABASE = "mgr_remote_" + SUFFIX;
    static final String EVENTS = "it.remote.events." + SUFFIX;
    static final String KEY = KeySource.generateKey();
    /** The manager's API key (user {@code ops}). */
    static final String API_KEY = "remote-it-" + SUFFIX;

    static Path root;
    static String minio;
    static String obs;
    static String unreachable;
    static int unreachablePort;
    static Map<String, String> credentials;

    /** A request to the manager's API carrying its key. */
    static RequestSpecification api() {
        return RestAssured.given().header("X-API-Key", API_KEY);
    }

    @Override
    public Map<String, String> start() {
        try {
            S3ProxyServer s3 = S3ProxyServer.shared();
            root = Path.of("target", "remote-it-" + SUFFIX).toAbsolutePath();
            Files.createDirectories(root.resolve("workspace/docs"));
            Files.writeString(root.resolve("workspace/docs/chapter.md"), "第一章\n".repeat(5000));
            Files.write(root.resolve("workspace/cover.bin"), new byte[] {0, 1, 2, 3, (byte) 0xff});
            sql("postgres", "CREATE DATABASE " + DATABASE);
            sql(
                    DATABASE,
                    "CREATE TABLE notes (id serial PRIMARY KEY, body text, at timestamptz DEFAULT now())",
                    "INSERT INTO notes (body) SELECT 'note ' || g FROM generate_series(1, 500) g");
            int closed;
            try (ServerSocket s = new ServerSocket(0)) {
                closed = s.getLocalPort();
            }
            minio = "s3:" + s3.endpoint() + "/minio-" + SUFFIX + "/textloom";
            obs = "obs:" + s3.endpoint() + "/obs-" + SUFFIX + "/textloom?path-style=true&signature=v2";
            unreachablePort = closed;
            unreachable = "s3:http://127.0.0.1:" + closed + "/gone-" + SUFFIX;
            credentials = Map.of(
                    "MINIO_ACCESS_KEY",
                    s3.accessKey(),
                    "MINIO_SECRET_KEY",
                    s3.secretKey(),
                    "OBS_ACCESS_KEY",
                    s3.accessKey(),
                    "OBS_SECRET_KEY",
                    s3.secretKey());

            // its own directories, state included (the repository id it remembers; a second run without clean
            // found the first run's id in a shared state directory and failed as "lost")
            Map<String, String> c = ManagerWorld.directories(root);
            c.putAll(credentials);
            c.put("BACKUP_API_KEY", "ops=" + API_KEY);
            c.put("backup.api-key", "ops=" + API_KEY); // what service-support's filter reads (a plain property here)
            c.put("BACKUP_EVENT_SIGNING_KEY", "remote-world-signing-key-0123456789"); // retention needs signed requests
            c.put("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
            c.put("mp.messaging.incoming.requests.topic", "it.remote.requests." + SUFFIX);
            c.put("mp.messaging.incoming.requests.group.id", "it-remote-" + SUFFIX);
            c.put("mp.messaging.outgoing.requests-out.topic", "it.remote.requests." + SUFFIX);
            c.put("mp.messaging.outgoing.events.topic", EVENTS);
            c.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/" + DATABASE);
            c.put("BACKUP_ENCRYPTION_KEY", KEY);
            c.put("BACKUP_PARALLEL_JOBS", "1");
            c.put("BACKUP_REMOTES", String.join(",", List.of(minio, obs, unreachable)));
            return c;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the remote world: " + e, e);
        }
    }

    @Override
    public void stop() {
        try {
            for (String db : List.of(DATABASE, DATABASE + "_from_s3")) {
                sql("postgres", "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sql(String db, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db, "postgres", null);
                Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }
}
