package com.textloom.backup.manager.messaging;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** A manager with an API key and no {@code BACKUP_EVENT_SIGNING_KEY}, on fresh requests and dead-letter topics. */
public class UnsignedWorld implements QuarkusTestResourceLifecycleManager {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    /** A backup of a one-file workspace, in the repository before the manager starts. */
    static final String BACKUP_ID = "20250821_120000";

    static final String API_KEY = "unsigned-key-" + SUFFIX;
    static final String REQUESTS = "it.unsigned.requests." + SUFFIX;
    static final String DEAD_LETTERS = REQUESTS + ".dlq";

    @Override
    public Map<String, String> start() {
        try {
            Path root = Path.of("target", "unsigned-it-" + SUFFIX).toAbsolutePath();
            Map<String, String> c =
                    RequestWorld.config(root, REQUESTS, "it-unsigned-" + SUFFIX, "it.unsigned.events." + SUFFIX);
            c.put("BACKUP_API_KEY", "ops=" + API_KEY);
            c.put("backup.api-key", "ops=" + API_KEY);
            Files.writeString(Files.createDirectories(root.resolve("workspace")).resolve("notes.md"), "notes\n");
            RequestWorld.seedWorkspaceBackup(c, "unsigned-seed-" + SUFFIX, BACKUP_ID);
            return c;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the unsigned world: " + e, e);
        }
    }

    @Override
    public void stop() {}
}
