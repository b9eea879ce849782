package com.textloom.backup.scheduler.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.Topics;
import com.textloom.backup.scheduler.schedule.FiredRequestSource;
import com.textloom.backup.scheduler.schedule.ScheduleHistory;
import com.textloom.backup.support.health.BrokerProbe;
import com.textloom.backup.support.health.BrokerState;
import com.textloom.backup.support.messaging.KafkaClientSecurity;
import com.textloom.backup.support.testing.TopicReader;
import com.textloom.backup.support.testing.TopicWriter;
import com.textloom.backup.testservers.SaslKafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The scheduler against a broker whose only listener it may use is SASL_PLAINTEXT with SASL/PLAIN, configured by
 * nothing but the suite's {@code BACKUP_KAFKA_*} variables: its outgoing channel (requests), its incoming channels
 * (the manager's results), its plain start-up consumer (the requests topic replay) and its readiness probe all log
 * in; a client with a wrong password is refused with a clear "Authentication failed".
 */
@QuarkusTest
@WithTestResource(SaslKafkaTestResource.class)
class SaslBrokerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** %test.backup.api-key of application.properties. */
    private static final String API_KEY = "test-scheduler-key";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    FiredRequestSource requestsTopic;

    /** The client properties of the suite's variables with this password (the shared mapping the service uses). */
    private static Map<String, String> login(String password) {
        Map<String, String> variables = new HashMap<>();
        variables.put("BACKUP_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        variables.put("BACKUP_KAFKA_SASL_MECHANISM", "PLAIN");
        variables.put("BACKUP_KAFKA_SASL_USERNAME", SaslKafkaTestResource.USER);
        variables.put("BACKUP_KAFKA_SASL_PASSWORD", password);
        return KafkaClientSecurity.properties(variables::get);
    }

    @Test
    void everyKafkaClientOfTheSchedulerLogsInOverSasl() throws Exception {
        assertEquals(
                SaslKafkaTestResource.broker().saslBootstrapServers(),
                bootstrapServers,
                "the service is given the SASL listener only");
        given().get("/q/health/ready").then().statusCode(200);

        // outgoing channel: a manual run is published through the SASL listener
        String requestId = given().header("X-API-Key", API_KEY)
                .post("/api/schedules/monthly/run")
                .then()
                .statusCode(202)
                .extract()
                .path("request_id");
        Map<String, String> login = login(SaslKafkaTestResource.password());
        List<ConsumerRecord<String, byte[]>> published = new TopicReader(bootstrapServers, login)
                .read(Topics.REQUESTS, r -> requestId.equals(TopicReader.header(r, "ce_id")), 1, WAIT);
        assertEquals(1, published.size(), "the request is on the topic");

        // the plain consumer of the start-up replay reads it back
        ScheduleHistory history = new ScheduleHistory();
        requestsTopic.replayInto(history, Instant.now().minusSeconds(120));
        assertTrue(history.hasFired(UUID.fromString(requestId)), "the replay consumer logged in and read it");

        // incoming channel: the manager's BackupCompleted is consumed
        Instant now = Instant.now();
        try (TopicWriter writer = new TopicWriter(bootstrapServers, login)) {
            writer.publish(new BackupCompleted(
                    requestId,
                    "20250820_120000",
                    "default",
                    BackupType.MONTHLY,
                    Outcome.SUCCESS,
                    "snap-" + requestId.substring(0, 8),
                    "scheduler",
                    now.minusSeconds(5),
                    now,
                    5_000,
                    List.of(),
                    List.of(),
                    null));
        }
        Instant deadline = Instant.now().plus(WAIT);
        String seen = null;
        while (!requestId.equals(seen) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            seen = given().get("/api/schedules/monthly")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("last_outcome.request_id");
        }
        assertEquals(requestId, seen, "the outcome arrived through the incoming channel");
    }

    @Test
    void aWrongPasswordFailsClearly() {
        Map<String, Object> config = new HashMap<>(login("not-the-password"));
        config.put("bootstrap.servers", bootstrapServers);
        BrokerProbe probe = new BrokerProbe(config, Duration.ofSeconds(10));
        BrokerState state;
        try {
            state = probe.probe();
        } finally {
            probe.close();
        }
        assertFalse(state.reachable());
        assertTrue(
                state.error().contains("SaslAuthenticationException")
                        && state.error().contains("Authentication failed"),
                state.error());

        try (TopicWriter writer = new TopicWriter(bootstrapServers, login("not-the-password"))) {
            ExecutionException refused = assertThrows(
                    ExecutionException.class,
                    () -> writer.publish(new BackupCompleted(
                            "r",
                            "20250820_120000",
                            "default",
                            BackupType.MONTHLY,
                            Outcome.SUCCESS,
                            "s",
                            "scheduler",
                            Instant.now(),
                            Instant.now(),
                            1,
                            List.of(),
                            List.of(),
                            null)));
            assertTrue(
                    String.valueOf(refused.getCause().getMessage()).contains("Authentication failed"),
                    String.valueOf(refused.getCause()));
        }

        Map<String, Object> none = Map.of("bootstrap.servers", bootstrapServers);
        BrokerProbe plain = new BrokerProbe(none, Duration.ofSeconds(3));
        try {
            assertFalse(plain.probe().reachable(), "without the security settings the SASL listener does not answer");
        } finally {
            plain.close();
        }
    }
}
