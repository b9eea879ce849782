package com.textloom.backup.manager.api;

import com.textloom.backup.manager.testing.ManagerWorld;
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
 * The manager pointed at its own scratch world: its {@link ManagerWorld#directories} under a fresh directory of
 * {@code target/}, a fresh PostgreSQL database, Redis db 15 as the live one, an API key.
 */
public class ManagerTestProfile implements QuarkusTestProfile {
    static final String API_KEY = "test-key-" + UUID.randomUUID();
    /** BACKUP_EVENT_SIGNING_KEY: fixed, as the test class sees this class through another class loader. */
    static final String SIGNING_KEY = "manager-api-it-signing-key-0123456789";

    static final String DATABASE = "mgr_api_" + UUID.randomUUID().toString().substring(0, 8);
    static final int LIVE_REDIS_DB = 15;
    static final Path ROOT =
            Path.of("target", "manager-it-" + UUID.randomUUID()).toAbsolutePath();

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config;
        try {
            config = ManagerWorld.directories(ROOT);
            Files.createDirectories(ROOT.resolve("workspace/docs"));
            Files.writeString(ROOT.resolve("workspace/docs/readme.md"), "hello\n".repeat(100));
            Files.writeString(ROOT.resolve("logs/textloom.log"), "log line\n".repeat(100));
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
            try (Connection c =
                            new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:5432/postgres", props());
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
                s.execute("DROP DATABASE IF EXISTS " + DATABASE + "_copy WITH (FORCE)");
            } catch (SQLException ignored) {
                // best effort at JVM exit
            }
        }));
        try (Connection c =
                        new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, props());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (id serial PRIMARY KEY, body text)");
            s.execute("INSERT INTO notes (body) SELECT 'note ' || g FROM generate_series(1, 50) g");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        config.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/" + DATABASE);
        config.put("REDIS_URL", "redis://127.0.0.1:6379/" + LIVE_REDIS_DB);
        config.put("BACKUP_ENCRYPTION_KEY", KeySource.generateKey());
        config.put("BACKUP_API_KEY", "ops=" + API_KEY);
        // what the environment variable maps to (service-support's API key filter reads backup.api-key);
        // a test profile's BACKUP_API_KEY is a plain property, not an environment variable
        config.put("backup.api-key", "ops=" + API_KEY);
        config.put("BACKUP_EVENT_SIGNING_KEY", SIGNING_KEY);
        config.put("BACKUP_PARALLEL_JOBS", "1");
        return config;
    }

    static java.util.Properties props() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", "postgres");
        return p;
    }
}
