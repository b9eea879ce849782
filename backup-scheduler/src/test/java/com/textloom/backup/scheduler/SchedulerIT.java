package com.textloom.backup.scheduler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.DamagedBlob;
import com.textloom.backup.events.DrillCompleted;
import com.textloom.backup.events.EventJson;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.events.Topics;
import com.textloom.backup.events.VerifyCompleted;
import com.textloom.backup.scheduler.messaging.OutcomeListener;
import com.textloom.backup.scheduler.messaging.RequestEvents;
import com.textloom.backup.scheduler.schedule.FireRequest;
import com.textloom.backup.scheduler.schedule.FiredRequestSource;
import com.textloom.backup.scheduler.schedule.RequestPublisher;
import com.textloom.backup.scheduler.schedule.RunOutcome;
import com.textloom.backup.scheduler.schedule.ScheduleCatalog;
import com.textloom.backup.scheduler.schedule.ScheduleHistory;
import com.textloom.backup.scheduler.schedule.ScheduleTicker;
import com.textloom.backup.scheduler.schedule.Slot;
import com.textloom.backup.scheduler.schedule.TestCatalogs;
import com.textloom.backup.support.messaging.CloudEventRecords;
import com.textloom.backup.support.messaging.RequestSignature;
import com.textloom.backup.support.testing.TopicReader;
import com.textloom.backup.support.testing.TopicWriter;
import com.textloom.backup.testservers.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The scheduler end to end against the real Kafka broker (test-servers' KRaft broker in its own JVM). */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class SchedulerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** %test.backup.api-key of application.properties. */
    private static final String API_KEY = "test-scheduler-key";
    /** %test.backup.event-signing-key of application.properties. */
    private static final String SIGNING_KEY = "test-scheduler-signing-key-0123456789";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    RequestPublisher publisher;

    @Inject
    FiredRequestSource requestsTopic;

    private List<ConsumerRecord<String, byte[]>> requestsWithId(String requestId) {
        return new TopicReader(bootstrapServers)
                .read(Topics.REQUESTS, r -> requestId.equals(TopicReader.header(r, "ce_id")), 1, WAIT);
    }

    private static JsonNode json(ConsumerRecord<String, byte[]> record) throws Exception {
        return EventJson.mapper().readTree(record.value());
    }

    @Test
    void runningDailyByHandPublishesABackupRequestedWithThatIdTypeAndComponents() throws Exception {
        String requestId = run("daily")
                .then()
                .statusCode(202)
                .body("schedule", equalTo("daily"))
                .body("event", equalTo("BackupRequested"))
                .extract()
                .path("request_id");

        List<ConsumerRecord<String, byte[]>> records = requestsWithId(requestId);
        assertEquals(1, records.size(), "the request is on " + Topics.REQUESTS);
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertEquals(EventTypes.typeOf(BackupRequested.class), TopicReader.header(record, "ce_type"));
        assertEquals("default", record.key(), "keyed by repository");
        BackupRequested event = EventJson.mapper().readValue(record.value(), BackupRequested.class);
        assertEquals(requestId, event.requestId());
        assertEquals(BackupType.DAILY, event.type());
        assertEquals(List.of("database", "redis", "workspace", "logs"), event.components());
        assertEquals("daily", event.schedule());
        assertEquals("scheduler", event.requestedBy());
        assertEquals(null, event.slot(), "a manual run has no slot");
        assertEquals("daily", json(record).path("type").asText(), "snake_case JSON with the guide's type names");

        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(
                metrics.lines()
                        .anyMatch(l -> l.startsWith("textloom_scheduler_requests_total{")
                                && l.contains("schedule=\"daily\"")
                                && l.contains("trigger=\"manual\"")
                                && l.contains("result=\"published\"")),
                "published requests are counted per schedule and trigger");
    }

    @Test
    void runningTheRestoreTestPublishesOneDrillRequestedPerScenarioForDisasterRecovery() throws Exception {
        Response accepted = run("restore_test");
        accepted.then()
                .statusCode(202)
                .body("event", equalTo("DrillRequested"))
                .body("scenarios", org.hamcrest.Matchers.contains("database_failure", "redis_failure"));
        List<String> ids = accepted.path("drill_ids");
        assertEquals(2, ids.size());
        for (int i = 0; i < 2; i++) {
            String id = ids.get(i);
            List<ConsumerRecord<String, byte[]>> records = new TopicReader(bootstrapServers)
                    .read(Topics.RECOVERY_REQUESTS, r -> id.equals(TopicReader.header(r, "ce_id")), 1, WAIT);
            assertEquals(1, records.size(), "drill request " + id + " on " + Topics.RECOVERY_REQUESTS);
            assertEquals(
                    EventTypes.typeOf(com.textloom.backup.events.DrillRequested.class),
                    TopicReader.header(records.get(0), "ce_type"));
            com.textloom.backup.events.DrillRequested drill = EventJson.mapper()
                    .readValue(records.get(0).value(), com.textloom.backup.events.DrillRequested.class);
            assertEquals(List.of("database_failure", "redis_failure").get(i), drill.scenario());
            assertEquals(id, drill.requestId());
            assertEquals("scheduler", drill.requestedBy());
            assertEquals("default", records.get(0).key());
        }
        given().get("/api/schedules/dr_drill")
                .then()
                .statusCode(200)
                .body("kind", equalTo("drill"))
                .body("scenarios", org.hamcrest.Matchers.contains("full_disaster"))
                .body("cron", equalTo("0 7 1 1,4,7,10 *"));
        String table = given().accept("text/plain")
                .get("/api/schedules")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(
                table.lines()
                        .anyMatch(l -> l.startsWith("restore_test ")
                                && l.contains("drill")
                                && l.contains("database_failure,redis_failure")),
                table);
    }

    @Test
    void twoManualRunsGetTwoDifferentIds() {
        String first = run("weekly").then().statusCode(202).extract().path("request_id");
        String second = run("weekly").then().statusCode(202).extract().path("request_id");
        assertNotEquals(first, second);
        assertEquals(1, requestsWithId(first).size());
        assertEquals(1, requestsWithId(second).size());
    }

    @Test
    void runningCleanupPublishesARetentionRequested() throws Exception {
        String requestId = run("cleanup")
                .then()
                .statusCode(202)
                .body("event", equalTo("RetentionRequested"))
                .extract()
                .path("request_id");
        ConsumerRecord<String, byte[]> record = requestsWithId(requestId).get(0);
        assertEquals(EventTypes.typeOf(RetentionRequested.class), TopicReader.header(record, "ce_type"));
        RetentionRequested event = EventJson.mapper().readValue(record.value(), RetentionRequested.class);
        assertEquals("cleanup", event.schedule());
        assertEquals(false, event.dryRun());
        assertEquals(
                Optional.empty(),
                RequestSignature.of(SIGNING_KEY)
                        .verify(
                                record.headers(),
                                EventTypes.typeOf(RetentionRequested.class),
                                record.value(),
                                Instant.now()),
                "signed with BACKUP_EVENT_SIGNING_KEY, as the manager requires of a retention");
        assertTrue(RequestSignature.of("another-key-of-the-same-length-0123")
                .verify(record.headers(), EventTypes.typeOf(RetentionRequested.class), record.value(), Instant.now())
                .isPresent());
    }

    @Test
    void theSameSlotFiredByTwoSchedulerInstancesYieldsOneId() throws Exception {
        ScheduleCatalog catalog = TestCatalogs.onlyDaily("0 2 * * *", "0");
        Instant slot = Instant.parse("2031-03-04T02:00:00Z");
        ScheduleTicker replicaA = new ScheduleTicker(catalog, publisher, new ScheduleHistory());
        ScheduleTicker replicaB = new ScheduleTicker(catalog, publisher, new ScheduleHistory());
        replicaA.start(slot.minusSeconds(3600));
        replicaB.start(slot.minusSeconds(1800));
        assertEquals(1, replicaA.tick(slot.plusMillis(150)).size());
        assertEquals(1, replicaB.tick(slot.plusMillis(870)).size());

        List<ConsumerRecord<String, byte[]>> published = new TopicReader(bootstrapServers)
                .read(Topics.REQUESTS, r -> TopicReader.text(r).contains("\"slot\":\"2031-03-04T02:00:00Z\""), 2, WAIT);
        assertEquals(2, published.size(), "both replicas published");
        assertEquals(
                1,
                published.stream()
                        .map(r -> TopicReader.header(r, "ce_id"))
                        .distinct()
                        .count(),
                "one id");
        assertEquals(new Slot("daily", slot).requestId().toString(), TopicReader.header(published.get(0), "ce_id"));
        assertEquals(
                new Slot("daily", slot).requestId().toString(),
                json(published.get(1)).path("request_id").asText());
    }

    @Test
    void aRestartedSchedulerCatchesUpAMissedSlotOnceAndNeverTwice() {
        ScheduleCatalog catalog = TestCatalogs.onlyDaily("0 2 * * *", "24");
        Instant slot = Instant.parse("2032-06-07T02:00:00Z");
        Instant startedAt = slot.plus(Duration.ofHours(5));
        Instant scanFrom = Instant.now().minusSeconds(60);

        // first start after downtime: nobody fired the 02:00 slot, so it is run once
        ScheduleHistory firstHistory = new ScheduleHistory();
        requestsTopic.replayInto(firstHistory, scanFrom);
        List<FireRequest> caughtUp = new ScheduleTicker(catalog, publisher, firstHistory).start(startedAt);
        assertEquals(1, caughtUp.size());
        assertEquals(slot, caughtUp.get(0).slot());

        // a second start (restart, or another replica): the history read back from the topic knows the slot
        ScheduleHistory secondHistory = new ScheduleHistory();
        requestsTopic.replayInto(secondHistory, scanFrom);
        assertTrue(secondHistory.hasFired(new Slot("daily", slot).requestId()));
        assertTrue(new ScheduleTicker(catalog, publisher, secondHistory)
                .start(startedAt.plusSeconds(30))
                .isEmpty());

        List<ConsumerRecord<String, byte[]>> published = new TopicReader(bootstrapServers)
                .read(
                        Topics.REQUESTS,
                        r -> TopicReader.text(r).contains("\"slot\":\"2032-06-07T02:00:00Z\""),
                        2,
                        Duration.ofSeconds(5));
        assertEquals(1, published.size(), "the missed slot was published exactly once");
    }

    @Test
    void listingSchedulesShowsTheLastOutcomeOnceABackupCompletedArrives() throws Exception {
        String requestId = run("monthly").then().statusCode(202).extract().path("request_id");
        Instant completedAt = Instant.now();
        BackupCompleted completed = new BackupCompleted(
                requestId,
                "20250820_120000",
                "default",
                BackupType.MONTHLY,
                Outcome.SUCCESS,
                "snap-" + requestId.substring(0, 8),
                "scheduler",
                completedAt.minusSeconds(42),
                completedAt,
                42_000,
                List.of(),
                List.of(),
                null);
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publish(completed);
        }

        awaitOutcome("monthly", requestId);
        given().get("/api/schedules")
                .then()
                .statusCode(200)
                .body("find { it.name == 'monthly' }.last_outcome.status", equalTo("success"))
                .body("find { it.name == 'monthly' }.last_outcome.backup_id", equalTo("20250820_120000"))
                .body("find { it.name == 'monthly' }.last_fire.request_id", equalTo(requestId))
                .body("find { it.name == 'monthly' }.last_fire.trigger", equalTo("manual"))
                .body("find { it.name == 'monthly' }.cron", equalTo("0 4 1 * *"))
                .body("find { it.name == 'monthly' }.next_fire", notNullValue())
                .body(
                        "name",
                        hasItems(
                                "daily",
                                "weekly",
                                "monthly",
                                "incremental",
                                "frequent",
                                "cleanup",
                                "restore_test",
                                "dr_drill",
                                "verify"));

        String table = given().accept("text/plain")
                .get("/api/schedules")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(table.startsWith("SCHEDULE "), table);
        assertTrue(
                table.lines().anyMatch(l -> l.startsWith("monthly ") && l.contains("success 20250820_120000")), table);
    }

    /**
     * The scheduled verify's result (VerifyCompleted) is its schedule's last outcome, in the API and in the guide's
     * script, as a backup's is (before: VerifyCompleted was skipped and verify never had a last outcome; seen failing).
     */
    @Test
    void theVerifyScheduleShowsTheLastVerifyResult() throws Exception {
        String requestId = run("verify")
                .then()
                .statusCode(202)
                .body("event", equalTo("VerifyRequested"))
                .extract()
                .path("request_id");
        Instant now = Instant.now();
        VerifyCompleted damaged = new VerifyCompleted(
                requestId,
                "default",
                null,
                Outcome.FAILED,
                true,
                40,
                4096,
                List.of(new DamagedBlob("abc123", "data/ab/pack1", "authentication failed")),
                List.of("20250820_120000"),
                now.minusSeconds(3),
                now,
                3000,
                null,
                null);
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publish(damaged);
        }
        awaitOutcome("verify", requestId);
        given().get("/api/schedules")
                .then()
                .statusCode(200)
                .body("find { it.name == 'verify' }.last_outcome.status", equalTo("failed"))
                .body(
                        "find { it.name == 'verify' }.last_outcome.error",
                        equalTo("1 damaged blob(s), 1 backup(s) affected: 20250820_120000"));
        ScriptResult status = script("status");
        assertEquals(0, status.exit(), status.output());
        assertTrue(
                status.output()
                        .lines()
                        .anyMatch(l ->
                                l.startsWith("verify ") && l.contains("failed at ") && l.contains("1 damaged blob(s)")),
                status.output());

        VerifyCompleted clean = new VerifyCompleted(
                requestId,
                "default",
                null,
                Outcome.SUCCESS,
                true,
                40,
                4096,
                List.of(),
                List.of(),
                now,
                now.plusSeconds(1),
                1000,
                null,
                null);
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publish(clean);
        }
        Instant deadline = Instant.now().plus(WAIT);
        while (!"success"
                .equals(given().get("/api/schedules/verify").then().extract().path("last_outcome.status"))) {
            assertTrue(Instant.now().isBefore(deadline), "the later clean verify is the last outcome");
            Thread.sleep(200);
        }
    }

    /**
     * A restarted scheduler (its history rebuilt from the requests topic and the events topic, as on start) still shows
     * the earlier verify's result: VerifyRequested names its schedule, so the start-up replay knows the request
     * (before: the replay skipped VerifyRequested and verify had no last outcome after a restart; seen failing).
     */
    @Test
    void aRestartedSchedulerShowsTheEarlierVerifysOutcome() throws Exception {
        Instant scanFrom = Instant.now().minusSeconds(60);
        String requestId = run("verify").then().statusCode(202).extract().path("request_id");
        Instant now = Instant.now();
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publish(new VerifyCompleted(
                    requestId,
                    "default",
                    null,
                    Outcome.FAILED,
                    true,
                    40,
                    4096,
                    List.of(new DamagedBlob("def456", "data/de/pack2", "missing")),
                    List.of(),
                    now.minusSeconds(2),
                    now,
                    2000,
                    null,
                    null));
        }

        ScheduleHistory restarted = new ScheduleHistory();
        requestsTopic.replayInto(restarted, scanFrom);
        List<ConsumerRecord<String, byte[]>> completed = new TopicReader(bootstrapServers)
                .read(
                        Topics.BACKUP_EVENTS,
                        r -> EventTypes.typeOf(VerifyCompleted.class).equals(TopicReader.header(r, "ce_type"))
                                && TopicReader.text(r).contains(requestId),
                        1,
                        WAIT);
        assertEquals(1, completed.size());
        OutcomeListener.toOutcome(CloudEventRecords.read(completed.get(0))).ifPresent(restarted::recordOutcome);

        assertEquals(
                requestId,
                restarted.lastFire("verify").map(f -> f.requestId().toString()).orElse(null),
                "the replay knows the verify request");
        RunOutcome outcome = restarted
                .lastOutcome("verify")
                .orElseThrow(() -> new AssertionError("the restarted scheduler attributes no outcome to verify"));
        assertEquals(UUID.fromString(requestId), outcome.requestId());
        assertEquals("failed", outcome.status());
        assertEquals("1 damaged blob(s), 0 backup(s) affected", outcome.error());
    }

    /**
     * A drill schedule's last outcome is its slot's: failed when any of its drills failed, whichever finished last, with
     * each drill's DrillCompleted (scenario, proof, measured RTO) under {@code drills}, in the API and in the guide's
     * script (before: the drill that finished last was the outcome, so a failed redis drill hid behind a later
     * database success; seen failing).
     */
    @Test
    void theRestoreTestsOutcomeIsFailedWhenAnyOfItsDrillsFailed() throws Exception {
        Response accepted = run("restore_test");
        accepted.then().statusCode(202);
        String requestId = accepted.path("request_id");
        List<String> drillIds = accepted.path("drill_ids");
        Instant now = Instant.now();
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publish(drill(
                    drillIds.get(1),
                    "redis_failure",
                    Outcome.FAILED,
                    false,
                    now.minusSeconds(20),
                    15_700,
                    "compare: 3 keys differ"));
            writer.publish(drill(drillIds.get(0), "database_failure", Outcome.SUCCESS, true, now, 7_250, null));
        }
        awaitDrills("restore_test", 2);
        given().get("/api/schedules/restore_test")
                .then()
                .statusCode(200)
                .body("last_outcome.request_id", equalTo(requestId))
                .body("last_outcome.status", equalTo("failed"))
                .body("last_outcome.error", equalTo("redis_failure failed: compare: 3 keys differ"))
                .body("last_outcome.drills.scenario", equalTo(List.of("database_failure", "redis_failure")))
                .body("last_outcome.drills.status", equalTo(List.of("success", "failed")))
                .body("last_outcome.drills.drill_id", equalTo(drillIds))
                .body("last_outcome.drills[1].verified", equalTo(false))
                .body("last_outcome.drills[1].rto_seconds", equalTo(15.7f))
                .body("last_outcome.drills[1].rto_target_seconds", equalTo(900))
                .body("last_outcome.drills[1].rto_met", equalTo(true))
                .body("last_outcome.drills[1].backup_id", equalTo("20250820_020000"));
        ScriptResult status = script("status");
        assertEquals(0, status.exit(), status.output());
        assertTrue(
                status.output()
                        .lines()
                        .anyMatch(l -> l.startsWith("restore_test ")
                                && l.contains("failed: database_failure success (drill " + drillIds.get(0))
                                && l.contains("; redis_failure failed (drill " + drillIds.get(1))
                                && l.contains("RTO 15.7 s")
                                && l.contains("not verified): compare: 3 keys differ")),
                status.output());
    }

    /**
     * A restarted scheduler (its history rebuilt from the request topics and the events topics, as on start) knows a
     * drill slot it fired before: it shows that drill's outcome and does not catch the slot up again (before: the
     * replay skipped DrillRequested, so the slot was asked for twice and the outcome was lost; seen failing).
     */
    @Test
    void aRestartedSchedulerShowsTheEarlierDrillsOutcomeAndDoesNotFireItsSlotAgain() throws Exception {
        ScheduleCatalog catalog = TestCatalogs.only("restore_test", "0 6 1 * *", "24");
        Instant slot = Instant.parse("2033-02-01T06:00:00Z");
        Instant startedAt = slot.plus(Duration.ofHours(3));
        Instant scanFrom = Instant.now().minusSeconds(60);

        List<FireRequest> caughtUp = new ScheduleTicker(catalog, publisher, new ScheduleHistory()).start(startedAt);
        assertEquals(1, caughtUp.size(), "the missed drill slot is run once");
        String drillId = RequestEvents.drillId(caughtUp.get(0), "database_failure");
        String redisDrillId = RequestEvents.drillId(caughtUp.get(0), "redis_failure");
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publish(drill(
                    redisDrillId,
                    "redis_failure",
                    Outcome.FAILED,
                    false,
                    Instant.now().minusSeconds(5),
                    15_700,
                    "compare: 3 keys differ"));
            writer.publish(drill(drillId, "database_failure", Outcome.SUCCESS, true, Instant.now(), 7_250, null));
        }

        ScheduleHistory restarted = new ScheduleHistory();
        requestsTopic.replayInto(restarted, scanFrom);
        List<ConsumerRecord<String, byte[]>> completed = new TopicReader(bootstrapServers)
                .read(
                        Topics.RECOVERY_EVENTS,
                        r -> TopicReader.text(r).contains(drillId)
                                || TopicReader.text(r).contains(redisDrillId),
                        2,
                        WAIT);
        assertEquals(2, completed.size());
        for (ConsumerRecord<String, byte[]> record : completed) {
            OutcomeListener.toOutcome(CloudEventRecords.read(record)).ifPresent(restarted::recordOutcome);
        }

        assertTrue(restarted.hasFired(new Slot("restore_test", slot).requestId()), "the replay knows the drill slot");
        assertTrue(
                new ScheduleTicker(catalog, publisher, restarted)
                        .start(startedAt.plusSeconds(30))
                        .isEmpty(),
                "a fired drill slot is not caught up again");
        RunOutcome outcome = restarted
                .lastOutcome("restore_test")
                .orElseThrow(() -> new AssertionError("the restarted scheduler attributes no outcome to restore_test"));
        assertEquals(caughtUp.get(0).requestId(), outcome.requestId(), "the slot's outcome");
        assertEquals("failed", outcome.status(), "the failed redis drill is not hidden by the later database success");
        assertEquals(
                List.of(UUID.fromString(drillId), UUID.fromString(redisDrillId)),
                outcome.parts().stream().map(RunOutcome::requestId).toList());
        List<ConsumerRecord<String, byte[]>> asked = new TopicReader(bootstrapServers)
                .read(
                        Topics.RECOVERY_REQUESTS,
                        r -> drillId.equals(TopicReader.header(r, "ce_id")),
                        2,
                        Duration.ofSeconds(5));
        assertEquals(1, asked.size(), "the drill of the slot was asked for exactly once");
    }

    private static DrillCompleted drill(
            String id, String scenario, Outcome status, boolean verified, Instant end, long durationMs, String error) {
        return DrillCompleted.of(id, "default", scenario)
                .status(status)
                .backupId("20250820_020000")
                .ran(end.minusMillis(durationMs), end, durationMs)
                .rto(scenario.equals("redis_failure") ? 900 : 1800, true)
                .rpo(3600, 1200L, true)
                .verified(verified)
                .error(error)
                .build();
    }

    /** A record of a type nobody knows on the backup events topic, marked {@code test_marker = marker}. */
    private static ProducerRecord<String, byte[]> unknownType(String marker) {
        return TopicWriter.add(
                TopicWriter.cloudEvent(Topics.BACKUP_EVENTS, "default", "com.textloom.backup.no-such-event.v1", "{}"),
                "test_marker",
                marker);
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicAndTheNextGoodOneIsStillConsumed() throws Exception {
        String requestId = run("monthly").then().statusCode(202).extract().path("request_id");
        String garbageId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        BackupCompleted failed = new BackupCompleted(
                requestId,
                "20250820_130000",
                "default",
                BackupType.MONTHLY,
                Outcome.FAILED,
                null,
                "scheduler",
                now.minusSeconds(1),
                now,
                1000,
                List.of(),
                List.of(),
                "disk full");
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.send(unknownType(garbageId));
            writer.send(TopicWriter.add(
                    TopicWriter.cloudEvent(
                            Topics.BACKUP_EVENTS,
                            "default",
                            EventTypes.typeOf(BackupCompleted.class),
                            "this is not json"),
                    "test_marker",
                    garbageId));
            writer.publish(failed);
        }
        awaitOutcome("monthly", requestId);
        given().get("/api/schedules/monthly")
                .then()
                .statusCode(200)
                .body("last_outcome.status", equalTo("failed"))
                .body("last_outcome.error", equalTo("disk full"));

        List<ConsumerRecord<String, byte[]>> dead = new TopicReader(bootstrapServers)
                .read(
                        Topics.deadLetter(Topics.BACKUP_EVENTS),
                        r -> garbageId.equals(TopicReader.header(r, "test_marker")),
                        2,
                        WAIT);
        assertEquals(2, dead.size(), "both unreadable records are in the dead-letter topic");
        assertTrue(
                TopicReader.header(dead.get(0), "dead-letter-reason").contains("unknown_type"),
                TopicReader.header(dead.get(0), "dead-letter-reason"));
        assertTrue(
                TopicReader.header(dead.get(1), "dead-letter-reason").contains("not_json"),
                TopicReader.header(dead.get(1), "dead-letter-reason"));
        assertEquals("this is not json", TopicReader.text(dead.get(1)), "dead-lettered unchanged");
        // once: the per-replica channel, which re-reads the topic on every start, skips them. The evidence that every
        // dead letter of the two has been written: the dead letter of a later unreadable record (same key, so the same
        // partition, read after them), instead of a pause after which nothing is seen
        String laterId = UUID.randomUUID().toString();
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.send(unknownType(laterId));
        }
        assertEquals(
                1,
                new TopicReader(bootstrapServers)
                        .read(
                                Topics.deadLetter(Topics.BACKUP_EVENTS),
                                r -> laterId.equals(TopicReader.header(r, "test_marker")),
                                1,
                                WAIT)
                        .size(),
                "the later unreadable record is dead-lettered");
        assertEquals(
                2,
                new TopicReader(bootstrapServers)
                        .read(
                                Topics.deadLetter(Topics.BACKUP_EVENTS),
                                r -> garbageId.equals(TopicReader.header(r, "test_marker")),
                                3,
                                Duration.ofSeconds(3))
                        .size(),
                "each unreadable record is dead-lettered once");
    }

    @Test
    void theGuidesScriptRunsDailyAndShowsTheSchedules() throws Exception {
        ScriptResult run = script("run", "daily");
        assertEquals(0, run.exit(), run.output());
        Matcher id = Pattern.compile("BackupRequested ([0-9a-f-]{36})").matcher(run.output());
        assertTrue(id.find(), run.output());
        assertEquals(1, requestsWithId(id.group(1)).size(), "the script's run reached the topic");

        ScriptResult status = script("status");
        assertEquals(0, status.exit(), status.output());
        assertTrue(status.output().contains("SCHEDULE "), status.output());
        assertTrue(
                status.output().lines().anyMatch(l -> l.startsWith("daily ") && l.contains("(manual)")),
                status.output());

        ScriptResult unknown = script("run", "hourly");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.output().contains("unknown schedule 'hourly'"), unknown.output());
    }

    @Test
    void anUnknownScheduleGets404NamingTheKnownOnes() {
        given().get("/api/schedules/hourly")
                .then()
                .statusCode(404)
                .body("error", equalTo("not_found"))
                .body("message", containsString("unknown schedule 'hourly'"))
                .body(
                        "message",
                        containsString(
                                "daily, weekly, monthly, incremental, frequent, cleanup, restore_test, dr_drill, verify"));
        run("hourly")
                .then()
                .statusCode(404)
                .body("error", equalTo("not_found"))
                .body("message", containsString("unknown schedule 'hourly'"));
        // the framework's refusals have the suite's one body too
        given().get("/api/schedules/daily/nothing")
                .then()
                .statusCode(404)
                .body("error", equalTo("not_found"))
                .body("message", equalTo("nothing at GET /api/schedules/daily/nothing"));
    }

    @Test
    void runningAScheduleWithoutTheApiKeyIsRefused() {
        given().post("/api/schedules/daily/run").then().statusCode(401).body("error", equalTo("unauthorized"));
        given().header("X-API-Key", "wrong")
                .post("/api/schedules/daily/run")
                .then()
                .statusCode(401);
        given().get("/api/schedules").then().statusCode(200);
    }

    private record ScriptResult(int exit, String output) {}

    /** Runs scripts/backup_scheduler.sh against this test's scheduler. */
    private ScriptResult script(String... args) throws Exception {
        Path root = Path.of(System.getProperty("textloom.servers.dir", "../test-servers"))
                .toAbsolutePath()
                .getParent();
        List<String> command = new ArrayList<>(
                List.of("bash", root.resolve("scripts/backup_scheduler.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("BACKUP_SCHEDULER_URL", "http://localhost:" + RestAssured.port);
        builder.environment().put("BACKUP_MANAGER_URL", "http://localhost:1");
        builder.environment().put("BACKUP_API_KEY", API_KEY);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new ScriptResult(process.exitValue(), output);
    }

    /** POST /api/schedules/{name}/run with the test API key. */
    private static Response run(String schedule) {
        return given().header("X-API-Key", API_KEY).post("/api/schedules/" + schedule + "/run");
    }

    private void awaitOutcome(String schedule, String requestId) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            String seen = given().get("/api/schedules/" + schedule)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("last_outcome.request_id");
            if (requestId.equals(seen)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no outcome for " + requestId + " within " + WAIT);
    }

    /** Waits until the schedule's last outcome shows {@code count} drills. */
    private void awaitDrills(String schedule, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            List<?> drills = given().get("/api/schedules/" + schedule)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("last_outcome.drills");
            if (drills != null && drills.size() == count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no outcome of " + count + " drills for " + schedule + " within " + WAIT);
    }
}
