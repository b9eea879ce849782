package com.textloom.backup.manager.api;

import com.textloom.backup.repository.KeySource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * The manager pointed at its own scratch world: a repository, workspace and log directory under
 * {@code target/}, a fresh PostgreSQL database, Redis db 15 as the live one, an API key.
 */
public class ManagerTestProfile implements QuarkusTestProfile {
    static final String API_KEY = "test-key-" + UUID.randomUUID();
    /** BACKUP_EVENT_SIGNING_KEY: fixed, as the test class sees this class through another class loader. */
    static final String SIGNING_KEY = "manager-api-it-signing-key-0123456789";
    static final String DATABASE = "mgr_api_" + UUID.randomUUID().toString().substring(0, 8);
    static final int LIVE_REDIS_DB = 15;
    static final Path ROOT = Path.of("target", "manager-it-" + UUID.randomUUID()).toAbsolutePath();

    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            Files.createDirectories(ROOT.resolve("workspace/docs"));
            Files.writeString(ROOT.resolve("workspace/docs/readme.md"), "hello\n".repeat(100));
            Files.createDirectories(ROOT.resolve("logs"));
            Files.writeString(ROOT.resolve("logs/textloom.log"), "log line\n".repeat(100));
            Files.createDirectories(ROOT.resolve("restore"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection c = new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:5432/postgres", props());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        // the test class sees this class through another class loader (other static values): drop from here
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection c = new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:5432/postgres", props());
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
                s.execute("DROP DATABASE IF EXISTS " + DATABASE + "_copy WITH (FORCE)");
            } catch (SQLException ignored) {
                // best effort at JVM exit
            }
        }));
        try (Connection c = new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, props());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (id serial PRIMARY KEY, body text)");
            s.execute("INSERT INTO notes (body) SELECT 'note ' || g FROM generate_series(1, 50) g");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return Map.ofEntries(
                Map.entry("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/" + DATABASE),
                Map.entry("REDIS_URL", "redis://127.0.0.1:6379/" + LIVE_REDIS_DB),
                Map.entry("TEXTLOOM_WORKSPACE_DIR", ROOT.resolve("workspace").toString()),
                Map.entry("TEXTLOOM_LOG_DIR", ROOT.resolve("logs").toString()),
                Map.entry("BACKUP_LOCAL_DIR", ROOT.resolve("backups").toString()),
                Map.entry("BACKUP_STATE_DIR", ROOT.resolve("state").toString()),
                Map.entry("BACKUP_ENCRYPTION_KEY", KeySource.generateKey()),
                Map.entry("BACKUP_API_KEY", "ops=" + API_KEY),
                // what the environment variable maps to (service-support's API key filter reads backup.api-key);
                // a test profile's BACKUP_API_KEY is a plain property, not an environment variable
                Map.entry("backup.api-key", "ops=" + API_KEY),
                Map.entry("BACKUP_RESTORE_ROOTS", ROOT.resolve("restore").toString()),
                Map.entry("BACKUP_EVENT_SIGNING_KEY", SIGNING_KEY),
                Map.entry("BACKUP_PARALLEL_JOBS", "1"));
    }

    static java.util.Properties props() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", "postgres");
        return p;
    }
}
