package com.textloom.backup.manager.messaging;

import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.support.testing.TopicReader;
import com.textloom.backup.support.testing.TopicWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A manager without {@code BACKUP_EVENT_SIGNING_KEY} ({@link UnsignedWorld}), the real broker: an unsigned in-place
 * restore on the topic is a dead letter naming the variable; over REST a retention is refused (503) before anything
 * is queued, and a dry run, which changes nothing, is accepted.
 */
@QuarkusTest
@WithTestResource(UnsignedWorld.class)
class UnsignedRequestsIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void anUnsignedInPlaceRestoreIsADeadLetterNamingTheVariable() throws Exception {
        String id = "unsigned-" + UUID.randomUUID();
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            writer.publish(UnsignedWorld.REQUESTS, new RestoreRequested(id, "default", "20250820_120000",
                    List.of("workspace"), null, null, null, true, false, "intruder", Instant.now(), null));
        }
        List<ConsumerRecord<String, byte[]>> dead = new TopicReader(bootstrap).read(UnsignedWorld.DEAD_LETTERS,
                r -> TopicReader.text(r).contains(id), 1, Duration.ofSeconds(60));
        assertEquals(1, dead.size());
        String reason = TopicReader.header(dead.get(0), "dead-letter-reason");
        assertTrue(reason.startsWith("unsigned:") && reason.contains("BACKUP_EVENT_SIGNING_KEY"), reason);
        given().get("/api/operations/" + id).then().statusCode(404);
    }

    @Test
    void overRestARetentionIsRefusedAndADryRunAccepted() {
        given().header("X-API-Key", UnsignedWorld.API_KEY).contentType(ContentType.JSON).body(Map.of())
                .post("/api/retention").then().statusCode(503).body(containsString("BACKUP_EVENT_SIGNING_KEY"));
        given().header("X-API-Key", UnsignedWorld.API_KEY).contentType(ContentType.JSON).body(Map.of("dry_run", true))
                .post("/api/retention").then().statusCode(202);
    }
}
