package com.textloom.backup.manager.messaging;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** A manager with an API key and no {@code BACKUP_EVENT_SIGNING_KEY}, on fresh requests and dead-letter topics. */
public class UnsignedWorld implements QuarkusTestResourceLifecycleManager {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String API_KEY = "unsigned-key-" + SUFFIX;
    static final String REQUESTS = "it.unsigned.requests." + SUFFIX;
    static final String DEAD_LETTERS = REQUESTS + ".dlq";

    @Override
    public Map<String, String> start() {
        try {
            Map<String, String> c = RequestWorld.config(Path.of("target", "unsigned-it-" + SUFFIX).toAbsolutePath(),
                    REQUESTS, "it-unsigned-" + SUFFIX, "it.unsigned.events." + SUFFIX);
            c.put("BACKUP_API_KEY", "ops=" + API_KEY);
            c.put("backup.api-key", "ops=" + API_KEY);
            return c;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the unsigned world: " + e, e);
        }
    }

    @Override
    public void stop() {
    }
}
