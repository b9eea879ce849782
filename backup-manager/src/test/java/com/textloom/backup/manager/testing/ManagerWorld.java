package com.textloom.backup.manager.testing;

import com.textloom.backup.repository.KeySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * What the test worlds of one manager share: a database of its own on the machine's PostgreSQL with a small
 * table {@code notes} (50 rows, which tests lock to hold a backup), and the manager's configuration on it: its own
 * topics and consumer group on {@code bootstrap}, its {@link #directories} under {@code root}, a fresh
 * encryption key and the API key {@code ops=<apiKey>}.
 */
public final class ManagerWorld {
    /** JDBC URL prefix of the machine's PostgreSQL (user postgres, trust auth). */
    public static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/";

    private ManagerWorld() {}

    /**
     * The directories of one test world's manager, all under {@code root} (which the world names uniquely, so that no
     * two test classes, nor two runs without {@code mvn clean}, share any): {@code workspace}
     * ({@code TEXTLOOM_WORKSPACE_DIR}), {@code logs} ({@code TEXTLOOM_LOG_DIR}), {@code backups}
     * ({@code BACKUP_LOCAL_DIR}), {@code state} ({@code BACKUP_STATE_DIR}: the repository id it remembers, operations,
     * outbox, storage switch) and {@code restore} ({@code BACKUP_RESTORE_ROOTS}). Creates {@code workspace},
     * {@code logs} and {@code restore}; returns a modifiable map.
     */
    public static Map<String, String> directories(Path root) throws IOException {
        Files.createDirectories(root.resolve("workspace"));
        Files.createDirectories(root.resolve("logs"));
        Files.createDirectories(root.resolve("restore"));
        Map<String, String> c = new HashMap<>();
        c.put("TEXTLOOM_WORKSPACE_DIR", root.resolve("workspace").toString());
        c.put("TEXTLOOM_LOG_DIR", root.resolve("logs").toString());
        c.put("BACKUP_LOCAL_DIR", root.resolve("backups").toString());
        c.put("BACKUP_STATE_DIR", root.resolve("state").toString());
        c.put("BACKUP_RESTORE_ROOTS", root.resolve("restore").toString());
        return c;
    }

    /** Creates {@code database} with table {@code notes} and the {@link #directories} under {@code root}. */
    public static void create(String database, Path root) throws IOException, SQLException {
        directories(root);
        sql("postgres", "CREATE DATABASE " + database);
        sql(
                database,
                "CREATE TABLE notes (id serial PRIMARY KEY, body text)",
                "INSERT INTO notes (body) SELECT 'note ' || g FROM generate_series(1, 50) g");
    }

    /** The manager's configuration for the world {@code name} (topics {@code it.<name>.*.<suffix>}). */
    public static Map<String, String> config(
            String name, String suffix, Path root, String database, String bootstrap, String apiKey)
            throws IOException {
        Map<String, String> c = directories(root);
        c.put("kafka.bootstrap.servers", bootstrap);
        c.put("mp.messaging.incoming.requests.topic", "it." + name + ".requests." + suffix);
        c.put("mp.messaging.incoming.requests.group.id", "it-" + name + "-" + suffix);
        c.put("mp.messaging.outgoing.requests-out.topic", "it." + name + ".requests." + suffix);
        c.put("mp.messaging.outgoing.events.topic", "it." + name + ".events." + suffix);
        c.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/" + database);
        c.put("BACKUP_ENCRYPTION_KEY", KeySource.generateKey());
        c.put("BACKUP_API_KEY", "ops=" + apiKey);
        c.put("backup.api-key", "ops=" + apiKey); // what service-support's filter reads (a plain property here)
        c.put("BACKUP_PARALLEL_JOBS", "1");
        return c;
    }

    /** Drops {@code database}, best effort (its name is unique). */
    public static void drop(String database) {
        try {
            sql("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            // best effort
        }
    }

    /** Runs {@code statements} on {@code db}. */
    public static void sql(String db, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(JDBC + db, "postgres", "");
                Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }
}
