package com.textloom.backup.manager.messaging;

import com.textloom.backup.repository.copy.CopyOptions;
import com.textloom.backup.repository.copy.RepositoryCopy;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * A manager with {@code BACKUP_EVENT_SIGNING_KEY} set, on fresh requests, dead-letter and events topics, whose
 * repository (holding backup {@value SignedWorld#BACKUP_ID}) has a replica in a local remote ({@link #remote()},
 * its only {@code BACKUP_REMOTES}): a StorageSwitchRequested {@code use_remote} that runs switches it there.
 */
public class StorageSwitchWorld implements QuarkusTestResourceLifecycleManager {
    static final String SECRET = "storage-switch-world-secret-0123456789";
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String REQUESTS = "it.storage.requests." + SUFFIX;
    static final String DEAD_LETTERS = REQUESTS + ".dlq";
    static final String EVENTS = "it.storage.events." + SUFFIX;
    static Path root;

    /** The remote's URI, as a StorageSwitchRequested names it. */
    static String remote() {
        return "local:" + root.resolve("remote");
    }

    @Override
    public Map<String, String> start() {
        try {
            root = Path.of("target", "storage-switch-it-" + SUFFIX).toAbsolutePath();
            Map<String, String> c = RequestWorld.config(root, REQUESTS, "it-storage-" + SUFFIX, EVENTS);
            c.put("BACKUP_EVENT_SIGNING_KEY", SECRET);
            c.put("BACKUP_REMOTES", remote());
            RequestWorld.seedWorkspaceBackup(c, "storage-seed-" + SUFFIX, SignedWorld.BACKUP_ID);
            try (LocalBlobStore local = LocalBlobStore.open(Path.of(c.get("BACKUP_LOCAL_DIR")));
                    LocalBlobStore replica = LocalBlobStore.open(root.resolve("remote"))) {
                RepositoryCopy.copy(local, replica, CopyOptions.defaults());
            }
            return c;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the storage switch world: " + e, e);
        }
    }

    @Override
    public void stop() {}
}
