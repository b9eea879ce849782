package com.textloom.backup.scheduler;

import com.textloom.backup.events.DrillRequested;
import com.textloom.backup.events.EventJson;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.Topics;
import com.textloom.backup.scheduler.schedule.Slot;
import com.textloom.backup.support.testing.TopicReader;
import com.textloom.backup.testservers.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10: a drill schedule fires from its cron, not only by run-now. The restore test's cron is the Quartz form with
 * seconds ({@code *}{@code /3 * * * * ?}: every 3 s), every other schedule off and no catch-up, so the service's own
 * ticker fires a slot within seconds of start and publishes one DrillRequested per scenario on the real broker, with
 * the ids derived from the slot (as two replicas would).
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
            for (String s : List.of("DAILY", "WEEKLY", "MONTHLY", "INCREMENTAL", "FREQUENT", "CLEANUP", "DR_DRILL", "VERIFY")) {
                c.put("BACKUP_SCHEDULE_" + s + "_ENABLED", "false");
            }
            c.put("BACKUP_SCHEDULE_RESTORE_TEST", "*/3 * * * * ?");
            c.put("BACKUP_SCHEDULE_CATCHUP_HOURS", "0");
            return c;
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void theRestoreTestFiresFromItsCronAndPublishesItsDrills() throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        JsonPath fired;
        do {
            assertTrue(Instant.now().isBefore(deadline), "the restore test did not fire from its cron within " + WAIT);
            Thread.sleep(200);
            fired = given().get("/api/schedules/restore_test").then().statusCode(200).extract().jsonPath();
        } while (!"scheduled".equals(fired.getString("last_fire.trigger")));
        Instant slot = Instant.parse(fired.getString("last_fire.slot"));
        String requestId = fired.getString("last_fire.request_id");
        assertEquals(0, slot.getEpochSecond() % 3, "a slot of the cron: " + slot);
        assertEquals(new Slot("restore_test", slot).requestId().toString(), requestId, "the slot's id");

        for (String scenario : List.of("database_failure", "redis_failure")) {
            String drillId = UUID.nameUUIDFromBytes((requestId + "/" + scenario).getBytes(StandardCharsets.UTF_8)).toString();
            List<ConsumerRecord<String, byte[]>> records = new TopicReader(bootstrapServers).read(Topics.RECOVERY_REQUESTS,
                    r -> drillId.equals(TopicReader.header(r, "ce_id")), 1, WAIT);
            assertEquals(1, records.size(), "the " + scenario + " drill of slot " + slot + " on " + Topics.RECOVERY_REQUESTS);
            assertEquals(EventTypes.typeOf(DrillRequested.class), TopicReader.header(records.get(0), "ce_type"));
            DrillRequested drill = EventJson.mapper().readValue(records.get(0).value(), DrillRequested.class);
            assertEquals(scenario, drill.scenario());
            assertEquals("scheduler", drill.requestedBy());
        }
    }
}
