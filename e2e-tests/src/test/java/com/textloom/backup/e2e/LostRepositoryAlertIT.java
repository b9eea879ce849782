package com.textloom.backup.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.testservers.EnvBackupFile;
import com.textloom.backup.testservers.KafkaBroker;
import com.textloom.backup.testservers.PackagedService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 (lost repository) through the packaged manager and monitor: a manager that starts on the state of a
 * previous run whose repository directory is gone reports it on {@code /q/health/well}; the monitor, with the shipped
 * 5-minute interval, raises the critical {@code repository_lost} at its first probe (before: nothing until the next
 * backup failed), and resolves it within its 15-s recheck once the operator accepts a new repository. Own topics and
 * groups, so the suite's other services on the same broker see none of it; no backup is run.
 */
@Order(4) // independent of the shared suite (its own manager and monitor): after the others
class LostRepositoryAlertIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String API_KEY = "lost-" + UUID.randomUUID();

    @Test
    void aLostRepositoryIsAlertedAtTheFirstProbeAndResolvedWhenANewOneIsAccepted() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Path root = Path.of(
                        "target",
                        "e2e-lost-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                                + suffix)
                .toAbsolutePath();
        Path repository = root.resolve("backups"); // gone: never created here
        Path state = root.resolve("backup-manager").resolve("state");
        Files.createDirectories(
                state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        byte[] id = new byte[32];
        new SecureRandom().nextBytes(id);
        String lostId = HexFormat.of().formatHex(id);
        // what the manager's previous run recorded (backup-manager's RepositoryIdentity, repository.json)
        Files.writeString(
                state.resolve("repository.json"),
                "{\"repository_id\":\"" + lostId + "\",\"location\":\"local:" + repository + "\",\"recorded_at\":\""
                        + Instant.now().minusSeconds(86_400) + "\"}");
        Files.setPosixFilePermissions(state.resolve("repository.json"), PosixFilePermissions.fromString("rw-------"));

        String bootstrap = KafkaBroker.shared().bootstrapServers();
        String topics = "e2e-lost-" + suffix;
        Map<String, String> managerEnv = new LinkedHashMap<>();
        managerEnv.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        managerEnv.put("BACKUP_API_KEY", "e2e=" + API_KEY);
        managerEnv.put("BACKUP_EVENT_SIGNING_KEY", "e2e-signing-key-" + API_KEY);
        managerEnv.put("BACKUP_LOCAL_DIR", repository.toString());
        managerEnv.put("BACKUP_STATE_DIR", state.toString());
        managerEnv.put("BACKUP_ENCRYPTION_KEY", EnvBackupFile.newEncryptionKey());
        managerEnv.put("BACKUP_RESTORE_ROOTS", root.resolve("restore").toString());
        managerEnv.put("TEXTLOOM_WORKSPACE_DIR", root.resolve("workspace").toString());
        managerEnv.put("TEXTLOOM_LOG_DIR", root.resolve("app-logs").toString());
        EnvBackupFile.write(root.resolve("backup-manager"), managerEnv, "the end-to-end tests");
        try (PackagedService manager = start(
                "backup-manager",
                root,
                Map.of(
                        "mp.messaging.incoming.requests.topic", topics + ".requests",
                        "mp.messaging.incoming.requests.group.id", topics + "-manager",
                        "mp.messaging.incoming.storage-requests.topic", topics + ".requests",
                        "mp.messaging.incoming.storage-requests.group.id", topics + "-manager-storage",
                        "mp.messaging.outgoing.requests-out.topic", topics + ".requests",
                        "mp.messaging.outgoing.events.topic", topics + ".events"))) {
            JsonHttp managerApi = new JsonHttp(manager.url(), API_KEY);
            awaitTrue(
                    "the manager reports its repository lost",
                    () -> "lost"
                            .equals(((Map<?, ?>)
                                            managerApi.get("/api/status").map().get("repository_identity"))
                                    .get("state")));

            Map<String, String> monitorEnv = new LinkedHashMap<>();
            monitorEnv.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            monitorEnv.put("BACKUP_API_KEY", "e2e=" + API_KEY);
            monitorEnv.put("BACKUP_MONITOR_SERVICES", "backup-manager=" + manager.url());
            monitorEnv.put("BACKUP_DR_URL", "http://127.0.0.1:1");
            monitorEnv.put("BACKUP_LOCAL_DIR", root.toString());
            EnvBackupFile.write(root.resolve("backup-monitor"), monitorEnv, "the end-to-end tests");
            try (PackagedService monitor = start(
                    "backup-monitor",
                    root,
                    Map.of(
                            "textloom.monitor.kafka.backup-events-topic", topics + ".events",
                            "textloom.monitor.kafka.alerts-topic", topics + ".alerts",
                            "textloom.monitor.kafka.recovery-events-topic", topics + ".recovery-events",
                            "textloom.monitor.kafka.leader-topic", topics + ".leader",
                            "textloom.monitor.kafka.leader-group", topics + "-leader",
                            "mp.messaging.incoming.dead-letters-only.group.id", topics + "-monitor"))) {
                JsonHttp monitorApi = new JsonHttp(monitor.url(), API_KEY);
                Instant monitorReady = Instant.now();
                awaitTrue(
                        "repository_lost raised",
                        () -> !lost(monitorApi, "active").isEmpty());
                System.out.printf(
                        "MEASURED e2e repository_lost raised %d ms after the monitor was ready%n",
                        Duration.between(monitorReady, Instant.now()).toMillis());
                Map<String, Object> alert = lost(monitorApi, "active").get(0);
                assertEquals("critical", alert.get("severity"), alert.toString());
                assertTrue(
                        String.valueOf(alert.get("message")).contains("is gone from local:" + repository),
                        alert.toString());
                // the text format writes the labels as {service="backup-manager",}; a gauge is registered at the first
                // scrape that finds its subject, so it shows from the next one
                awaitTrue(
                        "textloom_backup_repository_lost 1",
                        () -> monitorApi
                                .getText("/q/metrics")
                                .body()
                                .lines()
                                .anyMatch(l -> l.startsWith("textloom_backup_repository_lost{")
                                        && l.contains("service=\"backup-manager\"")
                                        && l.endsWith(" 1.0")));

                JsonHttp.Answer accepted = managerApi.post(
                        "/api/repository/accept-new", Map.of("forget_repository_id", lostId.substring(0, 8)));
                assertEquals(200, accepted.status(), accepted.toString());
                Instant acceptedAt = Instant.now();
                awaitTrue(
                        "repository_lost resolved",
                        () -> lost(monitorApi, "active").isEmpty()
                                && !lost(monitorApi, "resolved").isEmpty());
                Duration took = Duration.between(acceptedAt, Instant.now());
                System.out.printf("MEASURED e2e repository_lost resolved %d ms after accept-new%n", took.toMillis());
                assertTrue(
                        took.compareTo(Duration.ofSeconds(30)) < 0, "resolved within the recheck, not 5 min: " + took);
            }
        }
    }

    /** The packaged {@code module} in {@code root/<module>} (its .env.backup written before), with these properties. */
    private static PackagedService start(String module, Path root, Map<String, String> properties) {
        PackagedService.Builder b = PackagedService.module(module).workDir(root.resolve(module));
        properties.forEach((name, value) -> b.jvmOption("-D" + name + "=" + value));
        return b.start();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> lost(JsonHttp monitor, String status) {
        JsonHttp.Answer a = monitor.get("/api/alerts?rule=repository_lost&status=" + status);
        return a.status() == 200 ? (List<Map<String, Object>>) a.map().get("alerts") : List.of();
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for: " + what);
            }
            Thread.sleep(250);
        }
    }
}
