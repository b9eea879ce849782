package com.textloom.backup.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.Topics;
import com.textloom.backup.testservers.EnvBackupFile;
import com.textloom.backup.testservers.KafkaBroker;
import com.textloom.backup.testservers.PackagedService;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Test;

/**
 * Two packaged managers with {@code BACKUP_MODE=standby} on one repository and one state directory (the manager
 * README's "High availability"): the first elected works, the other takes no request while it lives (not in the
 * request consumer group, its API answers 503 to changes); {@code kill -9} of the active one in the middle of a
 * backup of a workspace large enough to take seconds; the standby takes over within {@link #TAKEOVER_LIMIT}, runs the
 * interrupted backup to its end once: one snapshot tagged with the request, one BackupCompleted for it, the repository
 * verifies clean with {@code --read-data}, the restored workspace equals the original.
 */
class StandbyTakeoverIT {
    /** The README's stated takeover time (election session 10 s + rebalance), with room for a loaded machine. */
    static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(45);

    private static final int WORKSPACE_MIB = Integer.getInteger("reliability.standby.workspace-mib", 96);

    @Test
    void theStandbyFinishesTheBackupTheKilledActiveManagerLeftOnceAndNothingElse() throws Exception {
        Path root = Path.of(
                        "target",
                        "reliability",
                        "standby-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))
                .toAbsolutePath();
        Path workspace = Files.createDirectories(root.resolve("app/workspace"));
        Path appLogs = Files.createDirectories(root.resolve("app/logs"));
        Path restoreRoot = Files.createDirectories(root.resolve("restore"));
        Files.writeString(appLogs.resolve("textloom.log"), "started\n");
        writeWorkspace(workspace, WORKSPACE_MIB);
        String digest = TreeDigest.of(workspace);
        String key = EnvBackupFile.newEncryptionKey();
        KafkaBroker broker = KafkaBroker.shared();
        String topicSuffix = UUID.randomUUID().toString().substring(0, 8);

        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("BACKUP_API_KEY", FaultWorld.BACKUP_API_KEY);
        env.put("BACKUP_MODE", "standby");
        env.put("BACKUP_LOCAL_DIR", root.resolve("backups").toString());
        env.put("BACKUP_STATE_DIR", root.resolve("manager-state").toString());
        env.put("TEXTLOOM_WORKSPACE_DIR", workspace.toString());
        env.put("TEXTLOOM_LOG_DIR", appLogs.toString());
        env.put("BACKUP_ENCRYPTION_KEY", key);
        env.put("BACKUP_RESTORE_ROOTS", restoreRoot.toString());
        env.put("BACKUP_PARALLEL_JOBS", "1");
        // a private election and request group, so that nothing else on the shared broker takes part
        List<String> privateGroups = List.of(
                "-Dtextloom.manager.ha.leader-topic=textloom.backup.manager.leader." + topicSuffix,
                "-Dtextloom.manager.ha.leader-group=backup-manager-leader-" + topicSuffix,
                "-Dmp.messaging.incoming.requests.group.id=backup-manager-" + topicSuffix);

        PackagedService first = start(root.resolve("manager-a"), env, privateGroups);
        PackagedService second = null;
        try {
            second = start(root.resolve("manager-b"), env, privateGroups);
            JsonHttp a = new JsonHttp(first.url(), FaultWorld.API_KEY);
            JsonHttp b = new JsonHttp(second.url(), FaultWorld.API_KEY);
            Thread.sleep(3000); // the standby had time to join whatever it would join
            assertEquals(
                    1,
                    requestConsumers(broker, "backup-manager-" + topicSuffix),
                    "only one of the two managers consumes requests");
            awaitRole(first, "active", Duration.ofSeconds(60));
            assertEquals(
                    "standby",
                    b.get("/api/status").json().path("ha").path("role").asText(),
                    "second manager");
            assertEquals(
                    "active",
                    a.get("/api/status").json().path("ha").path("role").asText(),
                    "first manager");
            JsonHttp.Answer refused = b.post("/api/backups", "{\"type\":\"full\",\"components\":[\"workspace\"]}");
            assertEquals(503, refused.status(), "a standby takes no request over REST: " + refused);

            JsonHttp.Answer asked = a.post("/api/backups", "{\"type\":\"full\",\"components\":[\"workspace\"]}");
            assertEquals(202, asked.status(), "backup request: " + asked);
            String requestId = asked.json().path("operation_id").asText();
            // killed as soon as the backup runs: it takes seconds (about 3 s on an idle machine, far more under load)
            JsonNode running = a.awaitOperation(
                    requestId,
                    Duration.ofSeconds(60),
                    op -> !"queued".equals(op.path("status").asText()));
            assertEquals("running", running.path("status").asText(), "the backup was running when killed: " + running);

            long killedAt = System.nanoTime();
            FaultWorld.kill9(first);
            first.close();
            Cli cli = new Cli(Map.of("BACKUP_ENCRYPTION_KEY", key, "BACKUP_PARALLEL_JOBS", "1"));
            RepositoryChecks checks = new RepositoryChecks(cli);
            String repo = root.resolve("backups").toString();
            assertTrue(
                    checks.snapshotTagged(repo, "request:" + requestId).isEmpty(),
                    "the kill landed before the commit (make the workspace larger: -Dreliability.standby.workspace-mib)");

            awaitRole(second, "active", TAKEOVER_LIMIT);
            long takeoverMs = (System.nanoTime() - killedAt) / 1_000_000;
            JsonNode done = b.awaitEnd(requestId, Duration.ofSeconds(120));
            long finishedMs = (System.nanoTime() - killedAt) / 1_000_000;
            System.out.printf(
                    "reliability: standby takeover %d ms after kill -9, interrupted backup finished %d ms"
                            + " after it (workspace %d MiB)%n",
                    takeoverMs, finishedMs, WORKSPACE_MIB);
            assertNotNull(done, "the interrupted backup did not end on the standby: " + second.consoleTail(60));
            assertEquals("success", done.path("status").asText(), "the interrupted backup on the standby: " + done);

            JsonNode snapshot = checks.snapshotTagged(repo, "request:" + requestId)
                    .orElseThrow(() -> new AssertionError("no snapshot for request " + requestId));
            List<BackupCompleted> completed = EventLog.events(broker.bootstrapServers(), Topics.BACKUP_EVENTS).stream()
                    .filter(e -> e instanceof BackupCompleted c && requestId.equals(c.requestId()))
                    .map(BackupCompleted.class::cast)
                    .toList();
            assertEquals(1, completed.size(), "one BackupCompleted for the request: " + completed);
            assertEquals(Outcome.SUCCESS, completed.get(0).status());
            Cli.Run verify = cli.verifyReadData(repo);
            assertEquals(0, verify.exit(), "repo verify --read-data: " + verify);
            assertEquals(
                    digest,
                    checks.restoredDigest(repo, snapshot.path("id").asText(), "workspace", restoreRoot),
                    "the backup the standby finished restores the workspace byte for byte");
        } finally {
            if (second != null) {
                second.close();
            }
            first.close();
        }
    }

    static PackagedService start(Path dir, Map<String, String> env, List<String> jvmOptions) {
        EnvBackupFile.write(dir, env, "reliability-tests");
        PackagedService.Builder manager = PackagedService.module("backup-manager")
                .workDir(dir)
                .stopGrace(Duration.ofSeconds(5))
                .readyTimeout(Duration.ofSeconds(120));
        jvmOptions.forEach(manager::jvmOption);
        return manager.start();
    }

    /** Seeded random (incompressible) files: the backup of {@code mib} MiB takes seconds. */
    private static void writeWorkspace(Path workspace, int mib) throws IOException {
        Random random = new Random(1303);
        byte[] block = new byte[1024 * 1024];
        for (int f = 0; f < mib / 8; f++) {
            try (OutputStream out = Files.newOutputStream(workspace.resolve("f" + f + ".bin"))) {
                for (int i = 0; i < 8; i++) {
                    random.nextBytes(block);
                    out.write(block);
                }
            }
        }
    }

    static void awaitRole(PackagedService manager, String role, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen = null;
        while (System.nanoTime() < deadline) {
            JsonHttp.Answer s = new JsonHttp(manager.url(), FaultWorld.API_KEY).get("/api/status");
            if (s.status() == 200) {
                seen = s.json().path("ha").path("role").asText();
                if (role.equals(seen)) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(manager + " is not " + role + " after " + timeout + " (role " + seen + "):\n"
                + manager.consoleTail(60));
    }

    /** How many members the request consumer group has now. */
    private static int requestConsumers(KafkaBroker broker, String group) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group))
                    .all()
                    .get(20, TimeUnit.SECONDS)
                    .get(group);
            assertFalse(d.members().isEmpty(), "no manager consumes requests (" + group + ")");
            return d.members().size();
        }
    }
}
