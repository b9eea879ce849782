package com.textloom.backup.manager.messaging;

import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.EventCodec;
import com.textloom.backup.events.EventJson;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.VerifyRequested;
import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.operation.Operation;
import com.textloom.backup.manager.operation.OperationStore;
import com.textloom.backup.support.testing.TopicWriter;
import com.textloom.backup.testservers.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The world a restarted manager finds, made before it starts: a repository holding backup
 * {@value #BACKUP_ID} (workspace), a state directory whose operation store says one restore
 * succeeded and one was running when the last process died, and, on fresh topics the manager reads
 * with a brand-new consumer group from the earliest offset, the requests a replay delivers:
 * an old restore and an old verify (3 h old, the window being 10 min), the succeeded and the
 * crashed restore again, the seed backup's request (recorded as running: the process died after the
 * commit), and at last one fresh restore. One more restore is only in the operation store: the last
 * process accepted it (so it is not on the topic any more) and died before its turn.
 */
public class ReplayWorld implements QuarkusTestResourceLifecycleManager {
    static final String BACKUP_ID = "20250820_120000";
    static final Duration MAX_AGE = Duration.ofMinutes(10);
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String OLD = "replay-old-" + SUFFIX;
    static final String OLD_VERIFY = "replay-old-verify-" + SUFFIX;
    static final String DONE = "replay-done-" + SUFFIX;
    static final String CRASHED = "replay-crashed-" + SUFFIX;
    static final String FRESH = "replay-fresh-" + SUFFIX;
    static final String BACKUP = "replay-backup-" + SUFFIX;
    static final String ACCEPTED = "replay-accepted-" + SUFFIX;
    static final String REQUESTS = "it.replay.requests." + SUFFIX;
    static final String EVENTS = "it.replay.events." + SUFFIX;
    static Path root;
    static Path workspace;

    @Override
    public Map<String, String> start() {
        try {
            root = Path.of("target", "replay-it-" + SUFFIX).toAbsolutePath();
            Map<String, String> c = RequestWorld.config(root, REQUESTS, "it-replay-" + SUFFIX, EVENTS);
            workspace = Files.createDirectories(root.resolve("workspace/docs"));
            Files.writeString(workspace.resolve("chapter.md"), "chapter one\n".repeat(200));
            c.put("BACKUP_REQUEST_MAX_AGE", MAX_AGE.toSeconds() + "s");
            ManagerSettings settings = ManagerSettings.read(c::get);
            BackupRequested backup = RequestWorld.seedWorkspaceBackup(c, BACKUP, BACKUP_ID);

            Instant now = Instant.now();
            OperationStore store = OperationStore.open(
                    settings.stateDir().resolve("operations"), 100, Duration.ofDays(30), Clock.systemUTC());
            store.put(Operation.queued(DONE, "restore", BACKUP_ID, now.minusSeconds(60))
                    .with("success", null, Map.of("status", "success", "request_id", DONE), now.minusSeconds(50)));
            store.put(Operation.queued(CRASHED, "restore", BACKUP_ID, now.minusSeconds(40))
                    .with(Operation.RUNNING, Map.of("component", "workspace"), null, now.minusSeconds(30)));
            // the process died after committing the seed backup, before recording its end
            store.put(Operation.queued(BACKUP, "backup", BACKUP_ID, now.minusSeconds(90))
                    .with(Operation.RUNNING, null, null, now.minusSeconds(80)));

            // accepted (and so acknowledged: it is not on the topic) by the last process, which died before its turn
            RestoreRequested accepted = restore(ACCEPTED, "accepted", now.minusSeconds(20));
            store.put(Operation.queued(ACCEPTED, "restore", BACKUP_ID, now.minusSeconds(20))
                    .accepted(
                            new Operation.Request(
                                    EventTypes.typeOf(accepted),
                                    EventJson.mapper().readTree(new EventCodec().encode(accepted))),
                            now.minusSeconds(20)));

            Instant old = now.minus(Duration.ofHours(3));
            try (TopicWriter w = new TopicWriter(KafkaBroker.shared().bootstrapServers())) {
                for (SuiteEvent e : List.of(
                        restore(OLD, "old", old),
                        new VerifyRequested(OLD_VERIFY, "default", BACKUP_ID, true, "test", old, null),
                        restore(DONE, "done", now),
                        restore(CRASHED, "crashed", now),
                        backup,
                        restore(FRESH, "fresh", now))) {
                    w.publish(REQUESTS, e);
                }
            }
            return c;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the replay world: " + e, e);
        }
    }

    private static RestoreRequested restore(String id, String dir, Instant at) {
        return new RestoreRequested(
                id,
                "default",
                BACKUP_ID,
                List.of("workspace"),
                root.resolve("restore/" + dir).toString(),
                null,
                null,
                false,
                false,
                "ops",
                at,
                null);
    }

    @Override
    public void stop() {}
}
