package com.textloom.backup.manager.messaging;

import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.manager.backup.BackupExecutor;
import com.textloom.backup.manager.backup.Sources;
import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.testing.ManagerWorld;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import com.textloom.backup.testservers.KafkaBroker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a test world of the manager's request handling starts from: the manager on its own topics of the shared test broker and in its own
 * directories under {@code root}, and, when wanted, a repository already holding a backup of the workspace.
 */
public final class RequestWorld {

    private RequestWorld() {}

    /**
     * The manager's configuration: requests on {@code requests} (group {@code group}, REST publishing there too; the
     * storage switch consumer in group {@code group + "-storage"}), dead letters on {@code requests + ".dlq"}, events
     * on {@code events}; {@code root}'s {@link ManagerWorld#directories} (creating {@code workspace}, {@code logs} and
     * {@code restore}); a fresh encryption key.
     */
    public static Map<String, String> config(Path root, String requests, String group, String events)
            throws IOException {
        Map<String, String> c = ManagerWorld.directories(root);
        c.put("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        c.put("mp.messaging.incoming.requests.topic", requests);
        c.put("mp.messaging.incoming.requests.group.id", group);
        c.put("mp.messaging.incoming.requests.dead-letter-queue.topic", requests + ".dlq");
        c.put("mp.messaging.incoming.storage-requests.topic", requests);
        c.put("mp.messaging.incoming.storage-requests.group.id", group + "-storage");
        c.put("mp.messaging.incoming.storage-requests.dead-letter-queue.topic", requests + ".dlq");
        c.put("mp.messaging.outgoing.requests-out.topic", requests);
        c.put("mp.messaging.outgoing.events.topic", events);
        c.put("BACKUP_ENCRYPTION_KEY", KeySource.generateKey());
        return c;
    }

    /**
     * Initialises the repository of {@code config} and commits backup {@code backupId} of the workspace as the
     * manager would for request {@code requestId}, before the manager starts.
     */
    public static BackupRequested seedWorkspaceBackup(Map<String, String> config, String requestId, String backupId)
            throws IOException {
        ManagerSettings settings = ManagerSettings.read(config::get);
        String key = config.get("BACKUP_ENCRYPTION_KEY");
        try (Repository repo = Repository.init(
                LocalBlobStore.open(Path.of(config.get("BACKUP_LOCAL_DIR"))),
                KeySource.key(key),
                RepositoryOptions.defaults())) {
            BackupRequested backup = new BackupRequested(
                    requestId,
                    "default",
                    BackupType.FULL,
                    List.of("workspace"),
                    "test",
                    Instant.now(),
                    backupId,
                    null,
                    null);
            BackupCompleted done = new BackupExecutor(Clock.systemUTC(), "test")
                    .run(
                            repo,
                            backup,
                            backupId,
                            names -> Sources.forComponents(names, settings),
                            Set.of(),
                            BackupExecutor.quiet(e -> {}));
            if (done.status() != Outcome.SUCCESS) {
                throw new IllegalStateException("the seed backup failed: " + done.error());
            }
            return backup;
        }
    }
}
