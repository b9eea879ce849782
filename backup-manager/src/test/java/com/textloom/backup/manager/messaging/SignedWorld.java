package com.textloom.backup.manager.messaging;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * A manager with {@code BACKUP_EVENT_SIGNING_KEY} set (rotated: {@link #PREVIOUS}, the key before it, in
 * {@code BACKUP_EVENT_SIGNING_KEY_PREVIOUS}), on fresh requests, dead-letter and events topics, and a
 * repository holding backup {@value #BACKUP_ID} of a workspace whose live file has changed since
 * ({@link #LIVE} instead of {@link #BACKED_UP}): an in-place restore that runs puts the backed-up text back.
 */
public class SignedWorld implements QuarkusTestResourceLifecycleManager {
    static final String BACKUP_ID = "20250820_120000";
    static final String SECRET = "signed-world-signing-secret-0123456789";
    /** The key the services signed with before {@link #SECRET}: still accepted, never used to sign. */
    static final String PREVIOUS = "signed-world-key-before-rotation-0123456789";

    static final String BACKED_UP = "chapter one\n".repeat(200);
    static final String LIVE = "changed live data\n";
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String REQUESTS = "it.signed.requests." + SUFFIX;
    static final String DEAD_LETTERS = REQUESTS + ".dlq";
    static final String EVENTS = "it.signed.events." + SUFFIX;
    static Path root;
    static Path chapter;

    @Override
    public Map<String, String> start() {
        try {
            root = Path.of("target", "signed-it-" + SUFFIX).toAbsolutePath();
            Map<String, String> c = RequestWorld.config(root, REQUESTS, "it-signed-" + SUFFIX, EVENTS);
            c.put("BACKUP_EVENT_SIGNING_KEY", SECRET);
            c.put("BACKUP_EVENT_SIGNING_KEY_PREVIOUS", PREVIOUS);
            chapter = Files.createDirectories(root.resolve("workspace/docs")).resolve("chapter.md");
            Files.writeString(chapter, BACKED_UP);
            RequestWorld.seedWorkspaceBackup(c, "signed-seed-" + SUFFIX, BACKUP_ID);
            Files.writeString(chapter, LIVE);
            return c;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the signed world: " + e, e);
        }
    }

    @Override
    public void stop() {}
}
