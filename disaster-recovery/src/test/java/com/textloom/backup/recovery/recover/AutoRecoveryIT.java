package com.textloom.backup.recovery.recover;

import static com.textloom.backup.recovery.recover.World.apiKey;
import static com.textloom.backup.recovery.recover.World.config;
import static com.textloom.backup.recovery.recover.World.redis;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.textloom.backup.events.AlertRaised;
import com.textloom.backup.events.DrillCompleted;
import com.textloom.backup.events.DrillRequested;
import com.textloom.backup.events.EventJson;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.RecoveryCompleted;
import com.textloom.backup.events.RecoveryDecided;
import com.textloom.backup.events.Severity;
import com.textloom.backup.support.testing.TopicReader;
import com.textloom.backup.support.testing.TopicWriter;
import com.textloom.backup.testservers.KafkaBroker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Automatic recovery end to end on the real broker, a real redis-server ({@link PrivateRedis}), the machine's
 * PostgreSQL and the packaged manager ({@link AutoWorld}: opted in for redis_failure only, grace 2, cooldown 1 h):
 * a failure shorter than the grace triggers nothing; Redis flushed + the monitor's AlertRaised → recovered without a
 * person, proven equal by Redis's own digest, RecoveryCompleted published; flushed again within the cooldown → skipped;
 * a database emptied (database_failure, not opted in) → a recommendation, no action; a DrillRequested on the requests
 * topic → the drill runs with the request's id. Every decision read back from the recovery events topic.
 */
@QuarkusTest
@WithTestResource(AutoWorld.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoRecoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENTS = "test.recovery.events." + AutoWorld.RUN;
    private static String digest;

    @Test
    @Order(1)
    void backUpThroughTheManager() throws Exception {
        digest = redis().digest();
        String op = given().baseUri(config("backup.manager-url"))
                .header("X-API-Key", apiKey())
                .contentType(ContentType.JSON)
                .body(Map.of("type", "full", "components", List.of("database", "redis")))
                .post("/api/backups")
                .then()
                .statusCode(202)
                .extract()
                .path("operation_id");
        JsonPath done = DatabaseRecoveryIT.awaitManager(op);
        assertEquals("success", done.getString("status"), done.prettify());
        awaitAssessment("healthy redis", a -> a.getList("failures").isEmpty());
    }

    @Test
    @Order(2)
    void aFailureShorterThanTheGraceTriggersNothing() throws Exception {
        redis().cli(3, "FLUSHDB");
        JsonNode waiting = decision(
                d -> "redis_failure".equals(d.path("scenario").asText())
                        && "waiting".equals(d.path("decision").asText()),
                Duration.ofSeconds(30));
        // assessments asked for by a person (`assess --fresh`) prove no persistence: before, each one was weighed like
        // a periodic one, so these two made the failure "persist" and the recovery acted at once
        for (int i = 0; i < 2; i++) {
            given().queryParam("fresh", "true").get("/api/assess").then().statusCode(200);
        }
        redis().cli(3, "SET", "other-db", "kept");
        assertEquals(1, waiting.path("failing_for").asInt());
        assertEquals(2, waiting.path("grace").asInt());
        awaitPeriodicAssessmentsAfter(Instant.now(), 2); // the decider had two more periodic assessments to act on
        assertEquals(List.of(), decisions(d -> "acted".equals(d.path("decision").asText()), Duration.ofSeconds(1)));
        assertEquals(
                0,
                given().get("/api/recoveries")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("$")
                        .size());
    }

    @Test
    @Order(3)
    void aFlushedRedisIsRecoveredWithoutAPersonAfterTheMonitorsAlert() throws Exception {
        redis().cli(0, "FLUSHALL");
        assertNotEquals(digest, redis().digest());
        String alertId = "alert_" + UUID.randomUUID();
        try (TopicWriter w = new TopicWriter(KafkaBroker.shared().bootstrapServers())) {
            w.publish(
                    "test.alerts." + AutoWorld.RUN,
                    new AlertRaised(
                            alertId,
                            "fp-" + alertId,
                            "backup_suspicious",
                            Severity.CRITICAL,
                            "redis backup much smaller than the previous one",
                            "default",
                            "redis",
                            null,
                            Instant.now(),
                            1,
                            Map.of()));
        }
        JsonNode alerted = decision(d -> alertId.equals(d.path("alert_id").asText()), Duration.ofSeconds(60));
        assertEquals("alert", alerted.path("trigger").asText(), alerted.toString());
        JsonNode acted = decision(d -> "acted".equals(d.path("decision").asText()), Duration.ofSeconds(60));
        assertEquals("redis_failure", acted.path("scenario").asText());
        assertEquals(2, acted.path("failing_for").asInt(), acted.toString());
        String recoveryId = acted.path("recovery_id").asText();
        JsonPath done = DatabaseRecoveryIT.await("/api/recoveries/" + recoveryId);
        assertEquals("success", done.getString("status"), done.prettify());
        assertEquals("disaster-recovery-auto", done.getString("requested_by"));
        assertEquals(digest, redis().digest(), "every db as backed up, by Redis's own digest");
        List<ConsumerRecord<String, byte[]>> completed = new TopicReader(
                        KafkaBroker.shared().bootstrapServers())
                .read(
                        EVENTS,
                        r -> EventTypes.typeOf(RecoveryCompleted.class).equals(TopicReader.header(r, "ce_type"))
                                && TopicReader.text(r).contains(recoveryId),
                        1,
                        Duration.ofSeconds(30));
        assertEquals(1, completed.size(), "RecoveryCompleted of " + recoveryId);
        assertTrue(
                TopicReader.text(completed.get(0)).contains("\"status\":\"success\""),
                TopicReader.text(completed.get(0)));
        String audit = Files.readString(Path.of("target/logs/backup_audit.log"), StandardCharsets.UTF_8);
        assertTrue(
                audit.contains("USER=disaster-recovery-auto ACTION=auto_recover_redis_failure BACKUP_ID=" + recoveryId
                        + " STATUS=acted"),
                "audit line of the decision");
    }

    @Test
    @Order(4)
    void flushedAgainWithinTheCooldownIsSkippedWithTheReason() throws Exception {
        redis().cli(3, "FLUSHDB");
        JsonNode skipped = decision(
                d -> "skipped".equals(d.path("decision").asText())
                        && "cooldown".equals(d.path("reason").asText()),
                Duration.ofSeconds(60));
        assertTrue(skipped.path("message").asText().contains("BACKUP_DR_AUTO_COOLDOWN"), skipped.toString());
        assertEquals("critical", skipped.path("severity").asText());
        assertEquals(
                1,
                given().get("/api/recoveries")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("$")
                        .size(),
                "no second recovery");
        redis().cli(3, "SET", "other-db", "kept");
    }

    @Test
    @Order(5)
    void aScenarioNotOptedInGetsARecommendationAndNoAction() throws Exception {
        try (Connection c = DriverManager.getConnection(RecoveryWorld.POSTGRES + World.database(), "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("TRUNCATE tags");
        }
        JsonNode recommended = decision(
                d -> "database_failure".equals(d.path("scenario").asText())
                        && "recommended".equals(d.path("decision").asText()),
                Duration.ofSeconds(60));
        assertEquals("not_opted_in", recommended.path("reason").asText());
        assertTrue(recommended.path("recommendations").size() > 0, recommended.toString());
        assertTrue(recommended.path("message").asText().contains("recover --scenario database_failure --dry-run"));
        awaitPeriodicAssessmentsAfter(Instant.now(), 1); // one more periodic assessment still found it failing
        assertTrue(
                given().get("/api/recoveries").then().statusCode(200).extract().jsonPath().getList("scenario").stream()
                        .noneMatch("database_failure"::equals),
                "no action for a scenario not opted in");
    }

    @Test
    @Order(6)
    void aDrillRequestedOnTheRequestsTopicRunsAndItsResultNamesWhoAsked() throws Exception {
        String id = UUID.randomUUID().toString();
        Instant slot = Instant.parse("2026-12-01T06:00:00Z");
        try (TopicWriter w = new TopicWriter(KafkaBroker.shared().bootstrapServers())) {
            w.publish(
                    "test.recovery.requests." + AutoWorld.RUN,
                    new DrillRequested(
                            id,
                            "default",
                            "redis_failure",
                            null,
                            false,
                            "scheduler",
                            Instant.now(),
                            "restore_test",
                            slot));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (given().get("/api/drills/" + id).statusCode() == 404 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        JsonPath drill = DatabaseRecoveryIT.await("/api/drills/" + id);
        assertEquals("success", drill.getString("status"), drill.prettify());
        assertEquals("scheduler", drill.getString("requested_by"));
        assertEquals(Boolean.TRUE, drill.get("verified"));
        // the DrillCompleted says who asked, as the request did (before: it had no such fields; seen failing in
        // events-schema's golden round trip)
        List<ConsumerRecord<String, byte[]>> completed = new TopicReader(
                        KafkaBroker.shared().bootstrapServers())
                .read(
                        "test.recovery.events." + AutoWorld.RUN,
                        r -> EventTypes.typeOf(DrillCompleted.class).equals(TopicReader.header(r, "ce_type"))
                                && TopicReader.text(r).contains(id),
                        1,
                        Duration.ofSeconds(20));
        assertEquals(1, completed.size(), "DrillCompleted of " + id);
        DrillCompleted result = EventJson.mapper().readValue(completed.get(0).value(), DrillCompleted.class);
        assertEquals("scheduler", result.requestedBy());
        assertEquals("restore_test", result.schedule());
        assertEquals(slot, result.slot());
    }

    /**
     * Waits until {@code count} assessments begun after {@code after} have been made: with no assessment asked for
     * meanwhile, periodic ones, each fed to the decider ({@code GET /api/assess} answers the newest).
     */
    private static void awaitPeriodicAssessmentsAfter(Instant after, int count) throws InterruptedException {
        java.util.Set<Instant> seen = new java.util.HashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (seen.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + seen.size() + " of " + count + " assessments after " + after);
            }
            Instant at = Instant.parse(
                    given().get("/api/assess").then().statusCode(200).extract().path("assessed_at"));
            if (at.isAfter(after)) {
                seen.add(at);
            }
            Thread.sleep(500);
        }
    }

    private static void awaitAssessment(String what, Predicate<JsonPath> test) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonPath a = null;
        while (System.nanoTime() < deadline) {
            a = given().queryParam("fresh", "true")
                    .get("/api/assess")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            if (test.test(a)) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no " + what + ": " + (a == null ? "" : a.prettify()));
    }

    private static JsonNode decision(Predicate<JsonNode> test, Duration timeout) {
        List<JsonNode> found = decisions(test, timeout);
        if (found.isEmpty()) {
            throw new AssertionError("no such decision within " + timeout + "; decisions so far: "
                    + decisions(d -> true, Duration.ofSeconds(2)));
        }
        return found.get(found.size() - 1);
    }

    private static List<JsonNode> decisions(Predicate<JsonNode> test, Duration timeout) {
        return new TopicReader(KafkaBroker.shared().bootstrapServers())
                        .read(
                                EVENTS,
                                r -> EventTypes.typeOf(RecoveryDecided.class).equals(TopicReader.header(r, "ce_type"))
                                        && test.test(read(r)),
                                1,
                                timeout)
                        .stream()
                        .map(AutoRecoveryIT::read)
                        .toList();
    }

    private static JsonNode read(ConsumerRecord<String, byte[]> r) {
        try {
            return JSON.readTree(r.value());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
