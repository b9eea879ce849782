package com.textloom.backup.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.AlertRaised;
import com.textloom.backup.events.AlertResolved;
import com.textloom.backup.events.DrillCompleted;
import com.textloom.backup.events.DrillRequested;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RecoveryCompleted;
import com.textloom.backup.events.RecoveryDecided;
import com.textloom.backup.events.RecoveryStarted;
import com.textloom.backup.events.Severity;
import com.textloom.backup.events.Topics;
import com.textloom.backup.testservers.PackagedService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 10's "Done when" on the packaged services and the real broker, in the one world of the e2e run
 * ({@link E2eStack}: disaster-recovery opted in for {@code redis_failure} only, in place allowed, grace 2,
 * assessments every {@value E2eStack#ASSESS_SECONDS} s; the monitor probing every {@value E2eStack#MONITOR_SECONDS} s
 * and relaying disaster-recovery's assessment as {@code protected_service_failed}). In order:
 * <ol>
 *   <li>a backup the assessment compares with;</li>
 *   <li>a flap — the Redis db emptied for one assessment and back ({@code SWAPDB}) — triggers nothing;</li>
 *   <li>a table emptied (database_failure, not opted in): the monitor's critical alert, a {@code recommended}
 *       decision with recommendations, no recovery; the rows put back, the alert resolves;</li>
 *   <li>Redis flushed for real: the monitor's alert → disaster-recovery recovers without a person → Redis's own
 *       {@code DEBUG DIGEST} equal to before → RecoveryCompleted → the alert resolves;</li>
 *   <li>the scheduler's {@code restore_test} fired by its own cron → DrillRequested → both drills run in
 *       disaster-recovery → the scheduler's last outcome, also once restarted (the slot not asked for again), and the
 *       monitor's {@code /api/recovery} (the dashboard's source) and {@code /q/metrics} show them;</li>
 *   <li>with the shipped rules, no critical alert stays active once the backups ran.</li>
 * </ol>
 * Every wait is on an event or on an answer that changes; each step prints its time ({@code MEASURED}).
 */
@ExtendWith(E2eStackExtension.class)
@Order(2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecoveryOnEventsIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String PROTECTED_RULE = "protected_service_failed";
    private static String digest;

    @Test
    @Order(1)
    void aBackupTheAssessmentComparesWith(E2eStack stack) throws Exception {
        long t = System.nanoTime();
        JsonHttp manager = stack.managerApi();
        Map<String, Object> backup = ScheduledDailyBackupIT.awaitOperation(
                manager,
                manager.post("/api/backups", Map.of("type", "full", "components", List.of("database", "redis"))));
        assertEquals("success", backup.get("status"), backup.toString());
        digest = stack.app.redis("DEBUG", "DIGEST");
        awaitAssessment(
                stack,
                Instant.now(),
                "healthy, Redis compared with a backup",
                a -> failures(a).isEmpty()
                        && check(a, "redis").get("facts") instanceof Map<?, ?> f
                        && f.get("compared_with_backup") != null);
        measured("backup + first assessment", t);
    }

    @Test
    @Order(2)
    void aFailureShorterThanTheGraceTriggersNothing(E2eStack stack) throws Exception {
        long t = System.nanoTime();
        Instant start = Instant.now();
        try (EventWatch events = new EventWatch(stack.kafka.bootstrapServers(), Topics.RECOVERY_EVENTS)) {
            // db 10 swapped with the empty db 11 and back: the data gone for one assessment, then there again
            stack.app.redis("SWAPDB", Integer.toString(TextloomApp.REDIS_DB), "11");
            RecoveryDecided waiting = events.await(
                    RecoveryDecided.class,
                    d -> decidedAfter(d, start)
                            && "redis_failure".equals(d.scenario())
                            && "waiting".equals(d.decision()),
                    WAIT);
            stack.app.redis("SWAPDB", Integer.toString(TextloomApp.REDIS_DB), "11");
            Instant back = Instant.now();
            assertEquals(1, waiting.failingFor(), waiting.toString());
            assertEquals(2, waiting.grace(), waiting.toString());
            Map<String, Object> healthy = awaitAssessment(
                    stack, back, "Redis healthy again", a -> failures(a).isEmpty());
            // one more periodic assessment: the healthy one has been weighed by the automatic recovery
            awaitAssessment(
                    stack, Instant.parse((String) healthy.get("assessed_at")).plusMillis(1), "the next one", a -> true);
            List<RecoveryDecided> acted = events.seen(RecoveryDecided.class).stream()
                    .filter(d -> decidedAfter(d, start) && "acted".equals(d.decision()))
                    .toList();
            assertEquals(List.of(), acted, "a failure shorter than the grace never acts");
            assertEquals(List.of(), events.seen(RecoveryStarted.class));
            assertEquals(List.of(), stack.recoveryApi().get("/api/recoveries").list());
        }
        assertEquals(digest, stack.app.redis("DEBUG", "DIGEST"));
        measured("flap", t);
    }

    @Test
    @Order(3)
    void aScenarioNotOptedInGetsTheAlertAndARecommendationAndNoAction(E2eStack stack) throws Exception {
        long t = System.nanoTime();
        Instant start = Instant.now();
        try (EventWatch events =
                new EventWatch(stack.kafka.bootstrapServers(), Topics.ALERTS, Topics.RECOVERY_EVENTS)) {
            stack.app.sql("TRUNCATE tags");
            AlertRaised alert = awaitProtectedAlert(events, "database", start);
            assertTrue(alert.message().contains("tags"), alert.message());
            RecoveryDecided recommended = events.await(
                    RecoveryDecided.class,
                    d -> decidedAfter(d, start)
                            && "database_failure".equals(d.scenario())
                            && "recommended".equals(d.decision()),
                    WAIT);
            assertEquals("not_opted_in", recommended.reason());
            assertEquals(Severity.CRITICAL, recommended.severity());
            assertFalse(recommended.recommendations().isEmpty(), recommended.toString());
            assertTrue(
                    recommended.message().contains("recover --scenario database_failure --dry-run"),
                    recommended.message());

            stack.app.refillTags();
            AlertResolved resolved =
                    events.await(AlertResolved.class, r -> r.alertId().equals(alert.alertId()), WAIT);
            assertTrue(resolved.resolvedAt().isAfter(alert.raisedAt()));
            assertEquals(
                    List.of(),
                    events.seen(RecoveryStarted.class).stream()
                            .filter(r -> "database_failure".equals(r.scenario()))
                            .toList(),
                    "no action for a scenario not opted in");
            assertEquals(
                    List.of(),
                    events.seen(RecoveryDecided.class).stream()
                            .filter(d -> decidedAfter(d, start) && "acted".equals(d.decision()))
                            .toList());
        }
        measured("not opted in: alert, recommendation, resolved", t);
    }

    @Test
    @Order(4)
    void aFlushedRedisIsAlertedRecoveredProvenEqualAndTheAlertResolves(E2eStack stack) throws Exception {
        long t = System.nanoTime();
        Instant start = Instant.now();
        try (EventWatch events =
                new EventWatch(stack.kafka.bootstrapServers(), Topics.ALERTS, Topics.RECOVERY_EVENTS)) {
            stack.app.redis("FLUSHDB");
            assertFalse(digest.equals(stack.app.redis("DEBUG", "DIGEST")));
            AlertRaised alert = awaitProtectedAlert(events, "redis", start);
            long alerted = System.nanoTime();

            RecoveryDecided acted = events.await(
                    RecoveryDecided.class,
                    d -> decidedAfter(d, start) && "redis_failure".equals(d.scenario()) && "acted".equals(d.decision()),
                    WAIT);
            assertEquals(2, acted.failingFor(), acted.toString());
            assertNotNull(acted.recoveryId(), acted.toString());
            RecoveryCompleted done = events.await(
                    RecoveryCompleted.class, c -> c.recoveryId().equals(acted.recoveryId()), Duration.ofMinutes(3));
            assertEquals(Outcome.SUCCESS, done.status(), done.toString());
            assertFalse(done.dryRun());
            assertEquals("redis_failure", done.scenario());
            assertEquals(digest, stack.app.redis("DEBUG", "DIGEST"), "every key, value and expiry as backed up");
            RecoveryStarted started =
                    events.await(RecoveryStarted.class, s -> s.recoveryId().equals(acted.recoveryId()), WAIT);
            assertEquals("disaster-recovery-auto", started.requestedBy());

            AlertResolved resolved =
                    events.await(AlertResolved.class, r -> r.alertId().equals(alert.alertId()), WAIT);
            assertTrue(resolved.resolvedAt().isAfter(done.completedAt().minusSeconds(1)), resolved + " after " + done);
            System.out.printf(
                    "MEASURED e2e redis flushed -> alert %.1f s -> recovered (%d ms) -> alert resolved: %.1f s in all%n",
                    (alerted - t) / 1e9, done.durationMs(), (System.nanoTime() - t) / 1e9);
        }
    }

    /**
     * A drill fired by the scheduler's own cron (a second scheduler, only {@code restore_test} on, its cron one slot a
     * few seconds ahead; a slot that passed while it started is caught up once) runs in disaster-recovery, and shows
     * in the monitor ({@code /api/recovery}, the dashboard's source, and {@code /q/metrics}) and as the schedule's last
     * outcome; the scheduler restarted still shows it and does not ask for the slot's drills again.
     */
    @Test
    @Order(5)
    void aRestoreTestFiredByItsCronRunsInDisasterRecoveryAndTheMonitorAndTheSchedulerShowIt(E2eStack stack)
            throws Exception {
        long t = System.nanoTime();
        Instant slot = Instant.now().plusSeconds(25).truncatedTo(ChronoUnit.SECONDS);
        ZonedDateTime at = slot.atZone(ZoneOffset.UTC);
        String cron = at.getSecond() + " " + at.getMinute() + " " + at.getHour() + " " + at.getDayOfMonth() + " "
                + at.getMonthValue() + " ?"; // Quartz form: this second, once a year
        List<String> drillIds;
        try (EventWatch events =
                new EventWatch(stack.kafka.bootstrapServers(), Topics.RECOVERY_REQUESTS, Topics.RECOVERY_EVENTS)) {
            String requestId;
            try (PackagedService scheduler = stack.startDrillScheduler("backup-scheduler-cron", cron)) {
                JsonHttp api = new JsonHttp(scheduler.url(), E2eStack.API_KEY);
                Map<?, ?> fire = (Map<?, ?>) awaitSchedule(
                                api,
                                "fired from its cron",
                                s -> s.get("last_fire") instanceof Map<?, ?> f
                                        && f.get("slot") instanceof String text
                                        && slot.equals(Instant.parse(text)))
                        .get("last_fire");
                assertTrue(List.of("scheduled", "catch_up").contains(fire.get("trigger")), fire.toString());
                requestId = (String) fire.get("request_id");
                drillIds = List.of(drillId(requestId, "database_failure"), drillId(requestId, "redis_failure"));
                for (String id : drillIds) {
                    DrillRequested requested = events.await(
                            DrillRequested.class, r -> r.requestId().equals(id), WAIT);
                    assertEquals("restore_test", requested.schedule());
                    assertEquals(slot, requested.slot());
                    DrillCompleted drill =
                            events.await(DrillCompleted.class, d -> d.drillId().equals(id), Duration.ofMinutes(3));
                    assertEquals(requested.scenario(), drill.scenario());
                    assertEquals(Outcome.SUCCESS, drill.status(), drill.toString());
                    assertEquals(Boolean.TRUE, drill.verified(), drill.toString());
                }
                awaitShownDrill(api, drillIds);
                measured("restore_test fired by its cron -> 2 drills -> the scheduler's last outcome", t);
            }
            // Quarkus rotates the log file at boot: once the restarted scheduler is ready, the file is its own
            Path log = stack.root.resolve("backup-scheduler-cron/logs/backup_scheduler.log");
            try (PackagedService restarted = stack.startDrillScheduler("backup-scheduler-cron", cron)) {
                JsonHttp api = new JsonHttp(restarted.url(), E2eStack.API_KEY);
                awaitShownDrill(api, drillIds);
                long deadline = System.nanoTime() + WAIT.toNanos();
                String written;
                while (!(written = Files.readString(log)).contains("schedules running:")) {
                    assertTrue(
                            System.nanoTime() < deadline,
                            "the restarted scheduler did not start its schedules: " + written);
                    Thread.sleep(250);
                }
                assertTrue(
                        written.contains("schedules running: 0 missed slot(s) caught up"),
                        "the fired drill slot is not caught up again: " + written);
                assertEquals(
                        requestId,
                        ((Map<?, ?>) api.get("/api/schedules/restore_test")
                                        .map()
                                        .get("last_fire"))
                                .get("request_id"),
                        "the restarted scheduler knows the slot it fired");
            }
            for (String id : drillIds) {
                assertEquals(
                        1,
                        events.seen(DrillRequested.class).stream()
                                .filter(r -> r.requestId().equals(id))
                                .count(),
                        "drill " + id + " asked for once");
            }
        }
        JsonHttp monitor = stack.monitorApi();
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (true) {
            Map<String, Object> recovery = monitor.get("/api/recovery").map();
            List<?> drills = (List<?>) recovery.get("drills");
            boolean listed = drillIds.stream()
                    .allMatch(id -> drills.stream()
                            .anyMatch(d -> d instanceof Map<?, ?> m
                                    && id.equals(m.get("id"))
                                    && "success".equals(m.get("status"))));
            List<String> counted = monitor.getText("/q/metrics")
                    .body()
                    .lines()
                    .filter(l -> l.startsWith("textloom_backup_drill_completed_total")
                            && l.contains("status=\"success\"")
                            && !l.endsWith(" 0.0"))
                    .toList();
            if (listed
                    && counted.stream().anyMatch(l -> l.contains("scenario=\"redis_failure\""))
                    && counted.stream().anyMatch(l -> l.contains("scenario=\"database_failure\""))) {
                break;
            }
            last = "drills " + drills + "; metrics " + counted;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the monitor does not show the drills " + drillIds + ": " + last);
            }
            Thread.sleep(500);
        }
        measured("restore_test fired by its cron -> 2 drills -> monitor, scheduler restarted", t);
    }

    /** The id of the drill of {@code scenario} a drill schedule's request asks for (the scheduler's FireRequest.drillId). */
    private static String drillId(String requestId, String scenario) {
        return UUID.nameUUIDFromBytes((requestId + "/" + scenario).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The scheduler's {@code restore_test}, once it passes {@code test}. */
    private static Map<String, Object> awaitSchedule(
            JsonHttp scheduler, String what, Predicate<Map<String, Object>> test) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Object> schedule = Map.of();
        while (System.nanoTime() < deadline) {
            schedule = scheduler.get("/api/schedules/restore_test").map();
            if (test.test(schedule)) {
                return schedule;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("restore_test not " + what + " within " + WAIT.toSeconds() + " s: " + schedule);
    }

    /**
     * The scheduler shows one of {@code drillIds} among the drills of restore_test's last outcome (its slot's): success,
     * verified, its RTO measured.
     */
    private static void awaitShownDrill(JsonHttp scheduler, List<String> drillIds) throws Exception {
        Map<?, ?> slot = (Map<?, ?>) awaitSchedule(
                        scheduler,
                        "showing its drill",
                        s -> s.get("last_outcome") instanceof Map<?, ?> o
                                && o.get("drills") instanceof List<?> drills
                                && drills.stream().anyMatch(d -> drillIds.contains(((Map<?, ?>) d).get("drill_id"))))
                .get("last_outcome");
        Map<?, ?> outcome = ((List<?>) slot.get("drills"))
                .stream()
                        .map(d -> (Map<?, ?>) d)
                        .filter(d -> drillIds.contains(d.get("drill_id")))
                        .findFirst()
                        .orElseThrow();
        assertEquals("success", outcome.get("status"), outcome.toString());
        assertEquals(Boolean.TRUE, outcome.get("verified"), outcome.toString());
        assertTrue(((Number) outcome.get("rto_seconds")).doubleValue() > 0, outcome.toString());
        assertTrue(List.of("database_failure", "redis_failure").contains(outcome.get("scenario")), outcome.toString());
    }

    @Test
    @Order(6)
    void noAlertStaysCriticalWithTheShippedRulesOnceTheBackupsRan(E2eStack stack) throws Exception {
        JsonHttp monitor = stack.monitorApi();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Object> critical;
        while (true) {
            critical =
                    monitor.get("/api/alerts?status=active&severity=critical").map();
            if (((Number) critical.get("count")).intValue() == 0 || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(500);
        }
        assertEquals(0, ((Number) critical.get("count")).intValue(), "critical alerts still active: " + critical);
    }

    /** disaster-recovery's latest periodic assessment, once one assessed at or after {@code after} passes {@code test}. */
    private static Map<String, Object> awaitAssessment(
            E2eStack stack, Instant after, String what, Predicate<Map<String, Object>> test)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Object> a = Map.of();
        while (System.nanoTime() < deadline) {
            a = stack.recoveryApi().get("/api/assess").map();
            if (!Instant.parse((String) a.get("assessed_at")).isBefore(after) && test.test(a)) {
                return a;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no assessment " + what + " within " + WAIT.toSeconds() + " s: " + a);
    }

    /** The monitor's critical {@code protected_service_failed} alert about {@code component}, raised since {@code start}. */
    private static AlertRaised awaitProtectedAlert(EventWatch events, String component, Instant start) {
        AlertRaised alert = events.await(
                AlertRaised.class,
                a -> PROTECTED_RULE.equals(a.rule())
                        && component.equals(a.component())
                        && !a.raisedAt().isBefore(start.minusSeconds(1)),
                WAIT);
        assertEquals(Severity.CRITICAL, alert.severity(), alert.toString());
        return alert;
    }

    private static List<?> failures(Map<String, Object> assessment) {
        return (List<?>) assessment.get("failures");
    }

    private static Map<?, ?> check(Map<String, Object> assessment, String name) {
        return ((List<?>) assessment.get("services"))
                .stream()
                        .map(Map.class::cast)
                        .filter(c -> name.equals(c.get("name")))
                        .findFirst()
                        .orElseThrow();
    }

    private static boolean decidedAfter(RecoveryDecided d, Instant start) {
        return !d.decidedAt().isBefore(start);
    }

    private static void measured(String what, long startNanos) {
        System.out.printf("MEASURED e2e %s: %.1f s%n", what, (System.nanoTime() - startNanos) / 1e9);
    }
}
