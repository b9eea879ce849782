package com.textloom.backup.manager.flow;

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
 * A manager whose tools may run {@link #TOOL_TIMEOUT} ({@code BACKUP_TOOL_TIMEOUT}), with its own small database
 * (table {@code notes}, which the test locks), workspace, repository, state and topics.
 */
public class HungToolWorld implements QuarkusTestResourceLifecycleManager {
    static final Duration TOOL_TIMEOUT = Duration.ofSeconds(20);
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String DATABASE = "mgr_hung_" + SUFFIX;
    static final String API_KEY = "hung-key-" + SUFFIX;
    static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/";

    @Override
    public Map<String, String> start() {
        try {
            Path root = Path.of("target", "hung-tool-it-" + SUFFIX).toAbsolutePath();
            Files.createDirectories(root.resolve("workspace/docs"));
            Files.writeString(root.resolve("workspace/docs/readme.md"), "hello\n".repeat(100));
            Files.createDirectories(root.resolve("logs"));
            sql("postgres", "CREATE DATABASE " + DATABASE);
            sql(DATABASE, "CREATE TABLE notes (id serial PRIMARY KEY, body text)",
                    "INSERT INTO notes (body) SELECT 'note ' || g FROM generate_series(1, 50) g");
            Map<String, String> c = new HashMap<>();
            c.put("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
            c.put("mp.messaging.incoming.requests.topic", "it.hung.requests." + SUFFIX);
            c.put("mp.messaging.incoming.requests.group.id", "it-hung-" + SUFFIX);
            c.put("mp.messaging.outgoing.requests-out.topic", "it.hung.requests." + SUFFIX);
            c.put("mp.messaging.outgoing.events.topic", "it.hung.events." + SUFFIX);
            c.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/" + DATABASE);
            c.put("TEXTLOOM_WORKSPACE_DIR", root.resolve("workspace").toString());
            c.put("TEXTLOOM_LOG_DIR", root.resolve("logs").toString());
            c.put("BACKUP_LOCAL_DIR", root.resolve("backups").toString());
            c.put("BACKUP_STATE_DIR", root.resolve("state").toString());
            c.put("BACKUP_ENCRYPTION_KEY", KeySource.generateKey());
            c.put("BACKUP_API_KEY", "ops=" + API_KEY);
            c.put("backup.api-key", "ops=" + API_KEY);
            c.put("BACKUP_PARALLEL_JOBS", "1");
            c.put("BACKUP_TOOL_TIMEOUT", TOOL_TIMEOUT.toSeconds() + "s");
            return c;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the hung-tool world: " + e, e);
        }
    }

    @Override
    public void stop() {
        try {
            sql("postgres", "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        } catch (SQLException e) {
            // best effort: the name is unique
        }
    }

    static void sql(String db, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(JDBC + db, "postgres", "");
             Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }
}
