package com.textloom.backup.scheduler;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.DrillCompleted;
import com.textloom.backup.events.DrillRequested;
import com.textloom.backup.events.EventJson;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.Topics;
import com.textloom.backup.scheduler.schedule.ScheduleRunner;
import com.textloom.backup.scheduler.schedule.Slot;
import com.textloom.backup.support.testing.TopicReader;
import com.textloom.backup.support.testing.TopicWriter;
import com.textloom.backup.testservers.KafkaTestResource;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: a drill schedule fires from its cron, not only by run-now. The restore test's cron is the Quartz form with
 * seconds ({@code *}{@code /3 * * * * ?}: every 3 s), every other schedule off and no catch-up, so the service's own
 * ticker fires a slot within seconds of start and publishes one DrillRequested per scenario on the real broker, with
 * the ids derived from the slot (as two replicas would), each naming the schedule and the slot; disaster-recovery's
 * DrillCompleted of one of them is then the schedule's last outcome. The slot is woken by the schedule's cron job on
 * quarkus-scheduler (the retry job would fire a missed wake-up only a minute late, as a catch-up).
 */
@QuarkusTest
@TestProfile(ScheduledDrillIT.EveryThreeSeconds.class)
@WithTestResource(KafkaTestResource.class)
class ScheduledDrillIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Only the restore test, every 3 seconds. */
    public static class EveryThreeSeconds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> c = new HashMap<>();
            for (String s :
                    List.of("DAILY", "WEEKLY", "MONTHLY", "INCREMENTAL", "FREQUENT", "CLEANUP", "DR_DRILL", "VERIFY")) {
                c.put("BACKUP_SCHEDULE_" + s + "_ENABLED", "false");
            }
            c.put("BACKUP_SCHEDULE_RESTORE_TEST", "*/3 * * * * ?");
            c.put("BACKUP_SCHEDULE_CATCHUP_HOURS", "0");
            return c;
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Scheduler scheduler;

    @Test
    void theRestoreTestFiresFromItsCronAndPublishesItsDrills() throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        JsonPath fired;
        do {
            assertTrue(Instant.now().isBefore(deadline), "the restore test did not fire from its cron within " + WAIT);
            Thread.sleep(200);
            fired = given().get("/api/schedules/restore_test")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
        } while (!"scheduled".equals(fired.getString("last_fire.trigger")));
        Instant slot = Instant.parse(fired.getString("last_fire.slot"));
        String requestId = fired.getString("last_fire.request_id");
        assertEquals(0, slot.getEpochSecond() % 3, "a slot of the cron: " + slot);
        assertEquals(new Slot("restore_test", slot).requestId().toString(), requestId, "the slot's id");
        Trigger job = scheduler.getScheduledJob(ScheduleRunner.jobId("restore_test"));
        assertNotNull(job, "the restore test's cron job on quarkus-scheduler");
        assertEquals(
                0,
                job.getNextFireTime().getEpochSecond() % 3,
                "the job wakes at the cron's slots: " + job.getNextFireTime());
        assertNull(scheduler.getScheduledJob(ScheduleRunner.jobId("daily")), "a disabled schedule has no job");
        assertNull(scheduler.getScheduledJob(ScheduleRunner.START_JOB), "the start job is done");
        assertNotNull(scheduler.getScheduledJob(ScheduleRunner.RETRY_JOB));

        for (String scenario : List.of("database_failure", "redis_failure")) {
            String drillId = UUID.nameUUIDFromBytes((requestId + "/" + scenario).getBytes(StandardCharsets.UTF_8))
                    .toString();
            List<ConsumerRecord<String, byte[]>> records = new TopicReader(bootstrapServers)
                    .read(Topics.RECOVERY_REQUESTS, r -> drillId.equals(TopicReader.header(r, "ce_id")), 1, WAIT);
            assertEquals(
                    1,
                    records.size(),
                    "the " + scenario + " drill of slot " + slot + " on " + Topics.RECOVERY_REQUESTS);
            assertEquals(EventTypes.typeOf(DrillRequested.class), TopicReader.header(records.get(0), "ce_type"));
            DrillRequested drill = EventJson.mapper().readValue(records.get(0).value(), DrillRequested.class);
            assertEquals(scenario, drill.scenario());
            assertEquals("scheduler", drill.requestedBy());
            assertEquals("restore_test", drill.schedule());
            assertEquals(slot, drill.slot());
        }

        // disaster-recovery's answer to the slot's redis drill is the schedule's last outcome
        String redisDrill = UUID.nameUUIDFromBytes((requestId + "/redis_failure").getBytes(StandardCharsets.UTF_8))
                .toString();
        Instant end = Instant.now();
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publish(DrillCompleted.of(redisDrill, "default", "redis_failure")
                    .status(Outcome.SUCCESS)
                    .backupId("20250820_020000")
                    .ran(end.minusMillis(15_700), end, 15_700)
                    .rto(900, true)
                    .rpo(900, 300L, true)
                    .verified(true)
                    .build());
        }
        JsonPath outcome;
        do {
            assertTrue(Instant.now().isBefore(deadline.plus(WAIT)), "the drill's outcome is not shown");
            Thread.sleep(200);
            outcome = given().get("/api/schedules/restore_test")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
        } while (!List.of(redisDrill).equals(outcome.getList("last_outcome.drills.drill_id")));
        assertEquals(requestId, outcome.getString("last_outcome.request_id"), "the slot's outcome");
        assertEquals("running", outcome.getString("last_outcome.status"), "the database drill has not answered yet");
        assertEquals(List.of("database_failure"), outcome.getList("last_outcome.pending"));
        assertEquals("success", outcome.getString("last_outcome.drills[0].status"));
        assertEquals("redis_failure", outcome.getString("last_outcome.drills[0].scenario"));
        assertEquals(true, outcome.getBoolean("last_outcome.drills[0].verified"));
        assertEquals(15.7, outcome.getDouble("last_outcome.drills[0].rto_seconds"), 1e-9);
    }
}
