package com.textloom.backup.manager.flow;

import com.textloom.backup.manager.testing.ManagerWorld;
import com.textloom.backup.testservers.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * A manager whose tools may run {@link #TOOL_TIMEOUT} ({@code BACKUP_TOOL_TIMEOUT}), with its own small database
 * (table {@code notes}, which the test locks), workspace, repository, state and topics ({@link ManagerWorld}).
 */
public class HungToolWorld implements QuarkusTestResourceLifecycleManager {
    static final Duration TOOL_TIMEOUT = Duration.ofSeconds(20);
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String DATABASE = "mgr_hung_" + SUFFIX;
    static final String API_KEY = "hung-key-" + SUFFIX;

    @Override
    public Map<String, String> start() {
        try {
            Path root = Path.of("target", "hung-tool-it-" + SUFFIX).toAbsolutePath();
            ManagerWorld.create(DATABASE, root);
            Files.writeString(
                    Files.createDirectories(root.resolve("workspace/docs")).resolve("readme.md"),
                    "hello\n".repeat(100));
            Map<String, String> c = ManagerWorld.config(
                    "hung", SUFFIX, root, DATABASE, KafkaBroker.shared().bootstrapServers(), API_KEY);
            c.put("BACKUP_TOOL_TIMEOUT", TOOL_TIMEOUT.toSeconds() + "s");
            return c;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the hung-tool world: " + e, e);
        }
    }

    @Override
    public void stop() {
        ManagerWorld.drop(DATABASE);
    }
}
