package com.textloom.backup.manager.messaging;

import com.textloom.backup.manager.testing.ManagerWorld;
import com.textloom.backup.testservers.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * A manager on fresh request and event topics, with a small database (table {@code notes}) and a
 * workspace ({@link ManagerWorld}), whose requests channel fails a record left unprocessed for {@link #MAX_AGE} instead of
 * the connector's 60 s: the same mechanism (SmallRye's throttled commit strategy), on a shorter clock.
 */
public class LongRequestWorld implements QuarkusTestResourceLifecycleManager {
    static final Duration MAX_AGE = Duration.ofSeconds(3);
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String DATABASE = "mgr_long_" + SUFFIX;
    static final String API_KEY = "long-key-" + SUFFIX;
    static final String JDBC = ManagerWorld.JDBC;

    @Override
    public Map<String, String> start() {
        try {
            Path root = Path.of("target", "long-request-it-" + SUFFIX).toAbsolutePath();
            ManagerWorld.create(DATABASE, root);
            Files.writeString(
                    Files.createDirectories(root.resolve("workspace/docs")).resolve("readme.md"),
                    "hello\n".repeat(100));
            Map<String, String> c = ManagerWorld.config(
                    "long", SUFFIX, root, DATABASE, KafkaBroker.shared().bootstrapServers(), API_KEY);
            c.put(
                    "mp.messaging.incoming.requests.throttled.unprocessed-record-max-age.ms",
                    String.valueOf(MAX_AGE.toMillis()));
            return c;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the long-request world: " + e, e);
        }
    }

    @Override
    public void stop() {
        ManagerWorld.drop(DATABASE);
    }
}
