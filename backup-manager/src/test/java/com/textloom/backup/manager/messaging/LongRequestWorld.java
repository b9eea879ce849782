package com.textloom.backup.manager.messaging;

import com.textloom.backup.repository.KeySource;
import com.textloom.backup.testservers.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A manager on fresh request and event topics, with a small database (table {@code notes}) and a
 * workspace, whose requests channel fails a record left unprocessed for {@link #MAX_AGE} instead of
 * the connector's 60 s: the same mechanism (SmallRye's throttled commit strategy), on a shorter clock.
 */
public class LongRequestWorld implements QuarkusTestResourceLifecycleManager {
    static final Duration MAX_AGE = Duration.ofSeconds(3);
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String DATABASE = "mgr_long_" + SUFFIX;
    static final String API_KEY = "long-key-" + SUFFIX;
    static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/";

    @Override
    public Map<String, String> start() {
        try {
            Path root = Path.of("target", "long-request-it-" + SUFFIX).toAbsolutePath();
            Files.createDirectories(root.resolve("workspace/docs"));
            Files.writeString(root.resolve("workspace/docs/readme.md"), "hello\n".repeat(100));
            Files.createDirectories(root.resolve("logs"));
            try (Connection c = DriverManager.getConnection(JDBC + "postgres", "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
            try (Connection c = DriverManager.getConnection(JDBC + DATABASE, "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE notes (id serial PRIMARY KEY, body text)");
                s.execute("INSERT INTO notes (body) SELECT 'note ' || g FROM generate_series(1, 50) g");
            }
            Map<String, String> c = new HashMap<>();
            c.put("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
            c.put("mp.messaging.incoming.requests.topic", "it.long.requests." + SUFFIX);
            c.put("mp.messaging.incoming.requests.group.id", "it-long-" + SUFFIX);
            c.put("mp.messaging.incoming.requests.throttled.unprocessed-record-max-age.ms",
                    String.valueOf(MAX_AGE.toMillis()));
            c.put("mp.messaging.outgoing.requests-out.topic", "it.long.requests." + SUFFIX);
            c.put("mp.messaging.outgoing.events.topic", "it.long.events." + SUFFIX);
            c.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/" + DATABASE);
            c.put("TEXTLOOM_WORKSPACE_DIR", root.resolve("workspace").toString());
            c.put("TEXTLOOM_LOG_DIR", root.resolve("logs").toString());
            c.put("BACKUP_LOCAL_DIR", root.resolve("backups").toString());
            c.put("BACKUP_STATE_DIR", root.resolve("state").toString());
            c.put("BACKUP_ENCRYPTION_KEY", KeySource.generateKey());
            c.put("BACKUP_API_KEY", "ops=" + API_KEY);
            c.put("backup.api-key", "ops=" + API_KEY);
            c.put("BACKUP_PARALLEL_JOBS", "1");
            return c;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the long-request world: " + e, e);
        }
    }

    @Override
    public void stop() {
        try (Connection c = DriverManager.getConnection(JDBC + "postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        } catch (SQLException e) {
            // best effort: the name is unique
        }
    }
}
