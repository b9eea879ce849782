package com.textloom.backup.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.ComponentResult;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RemoteCopy;
import com.textloom.backup.events.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 2's and issue 4's end-to-end test on the packaged services: the scheduler's
 * {@code POST /api/schedules/daily/run} → BackupRequested on the requests topic → the manager backs up all four
 * components → BackupCompleted {@code success} (copied to the S3 remote) → listed as {@code daily} →
 * verified with {@code read_data} → the workspace restored into a directory equals the original byte for byte;
 * the monitor counts the backup.
 */
@ExtendWith(E2eStackExtension.class)
@Order(1)
class ScheduledDailyBackupIT {

    private static final Duration BACKUP_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void aDailyRunOnTheSchedulerIsBackedUpListedVerifiedAndRestoredEqual(E2eStack stack) throws Exception {
        JsonHttp scheduler = stack.schedulerApi();
        JsonHttp manager = stack.managerApi();

        JsonHttp.Answer run = scheduler.post("/api/schedules/daily/run", Map.of());
        assertEquals(202, run.status(), run.toString());
        String requestId = (String) run.map().get("request_id");
        assertNotNull(requestId, run.toString());

        BackupCompleted completed;
        try (EventWatch events =
                new EventWatch(stack.kafka.bootstrapServers(), Topics.REQUESTS, Topics.BACKUP_EVENTS)) {
            BackupRequested requested =
                    events.await(BackupRequested.class, r -> r.requestId().equals(requestId), Duration.ofSeconds(30));
            assertEquals(BackupType.DAILY, requested.type());
            assertEquals("daily", requested.schedule());
            assertEquals(List.of("database", "redis", "workspace", "logs"), requested.components());

            completed = events.await(BackupCompleted.class, c -> c.requestId().equals(requestId), BACKUP_TIMEOUT);
        }
        assertEquals(Outcome.SUCCESS, completed.status(), completed.toString());
        assertEquals(
                List.of("database", "redis", "workspace", "logs"),
                completed.components().stream()
                        .map(ComponentResult::component)
                        .sorted(java.util.Comparator.comparingInt(
                                List.of("database", "redis", "workspace", "logs")::indexOf))
                        .toList());
        for (ComponentResult component : completed.components()) {
            assertEquals(Outcome.SUCCESS, component.status(), component.toString());
            assertTrue(component.bytesRead() > 0, component.toString());
        }
        assertEquals("300", String.valueOf(figure(completed, "database", "table.public.documents.rows")));
        assertFalse(completed.remoteCopies().isEmpty(), "copied to the S3 remote");
        for (RemoteCopy copy : completed.remoteCopies()) {
            assertEquals(Outcome.SUCCESS, copy.status(), copy.toString());
        }
        String backupId = completed.backupId();
        assertTrue(backupId.matches("\\d{8}_\\d{6}"), backupId);

        List<Map<String, Object>> daily = manager.get("/api/backups?type=daily").list();
        Map<String, Object> listed = daily.stream()
                .filter(b -> backupId.equals(b.get("backup_id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(backupId + " not listed as daily: " + daily));
        assertEquals("daily", listed.get("type"));
        assertEquals("success", listed.get("status"));

        Map<String, Object> verify = awaitOperation(
                manager, manager.post("/api/backups/" + backupId + "/verify", Map.of("read_data", true)));
        assertEquals("success", verify.get("status"), verify.toString());
        Map<?, ?> verifyResult = (Map<?, ?>) verify.get("result");
        assertEquals(Boolean.TRUE, verifyResult.get("read_data"), verify.toString());
        assertEquals(List.of(), verifyResult.get("damaged_blobs"), verify.toString());
        assertTrue(((Number) verifyResult.get("bytes_read")).longValue() > 0, verify.toString());

        Path target = stack.restoreRoot.resolve("daily-" + backupId);
        Map<String, Object> restore = awaitOperation(
                manager,
                manager.post(
                        "/api/backups/" + backupId + "/restore",
                        Map.of("components", List.of("workspace"), "target_dir", target.toString())));
        assertEquals("success", restore.get("status"), restore.toString());
        assertEquals(List.of(), TreeComparison.differences(stack.app.workspace, target.resolve("workspace")));

        assertTrue(stack.monitor.isAlive());
        awaitMonitorSawSuccess(stack.monitorApi());
    }

    private static Object figure(BackupCompleted completed, String component, String name) {
        return completed.components().stream()
                .filter(c -> c.component().equals(component))
                .findFirst()
                .map(c -> c.figures().get(name))
                .orElse(null);
    }

    /** Follows the operation an answer names until it is neither queued nor running. */
    static Map<String, Object> awaitOperation(JsonHttp manager, JsonHttp.Answer accepted) throws InterruptedException {
        assertEquals(202, accepted.status(), accepted.toString());
        String operation = (String) accepted.map().get("operation_id");
        long deadline = System.nanoTime() + BACKUP_TIMEOUT.toNanos();
        while (true) {
            Map<String, Object> state =
                    manager.get("/api/operations/" + operation).map();
            Object status = state.get("status");
            if (!"queued".equals(status) && !"running".equals(status)) {
                return state;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("operation " + operation + " still " + status + ": " + state);
            }
            Thread.sleep(300);
        }
    }

    /** The monitor's guide answer and its Prometheus counter reflect the completed backup. */
    private static void awaitMonitorSawSuccess(JsonHttp monitor) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        Predicate<String> counted = metrics -> metrics.lines()
                .anyMatch(l -> l.startsWith("textloom_backup_completed_total")
                        && l.contains("status=\"success\"")
                        && !l.endsWith(" 0.0"));
        while (System.nanoTime() < deadline) {
            Map<String, Object> status = monitor.get("/api/status").map();
            Map<?, ?> current = (Map<?, ?>) status.get("current_metrics");
            String metrics = monitor.getText("/q/metrics").body();
            if (current != null && current.get("last_backup_age_hours") != null && counted.test(metrics)) {
                assertTrue(((Number) current.get("last_backup_age_hours")).doubleValue() < 1, status.toString());
                return;
            }
            last = status + "; "
                    + metrics.lines()
                            .filter(l -> l.startsWith("textloom_backup_completed"))
                            .toList();
            Thread.sleep(500);
        }
        throw new AssertionError("the monitor did not count the backup within 60 s: " + last);
    }
}
