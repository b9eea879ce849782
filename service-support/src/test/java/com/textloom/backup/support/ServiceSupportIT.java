package com.textloom.backup.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.EventJson;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.support.config.StartupVariableCheck;
import com.textloom.backup.support.config.VariableCheck;
import com.textloom.backup.support.messaging.CloudEventRecords;
import com.textloom.backup.support.testapp.ProbeResource;
import com.textloom.backup.support.testapp.RecordingConsumer;
import com.textloom.backup.support.testing.TopicReader;
import com.textloom.backup.support.testing.TopicWriter;
import com.textloom.backup.testservers.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What every service gets from service-support, in a small application against the real Kafka broker:
 * health, metrics, OpenAPI, snake_case JSON, the API key filter, CloudEvents on what is published and dead
 * letters for what cannot be read.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ServiceSupportIT {

    private static final String TOPIC = "textloom.test.probe";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    RecordingConsumer consumer;

    @Inject
    ProbeResource resource;

    @Test
    void readinessIsUpWhileTheBrokerAnswers() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("kafka-broker"))
                .body("checks.find { it.name == 'kafka-broker' }.data.nodes", equalTo(1));
    }

    /**
     * In a running service, with all its configuration sources (environment, application.properties, test resources,
     * Quarkus' own): exactly the misspelt MINIO_SECUR of application.properties is reported, with the name meant.
     */
    @Test
    void aMisspeltVariableIsTheOnlyUnknownNameAndTheNameMeantIsGiven() {
        List<String> warnings =
                StartupVariableCheck.unknownVariables(ConfigProvider.getConfig(), VariableCheck.loadCatalogs());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("MINIO_SECUR (set in PropertiesConfigSource[source="), warnings.get(0));
        assertTrue(
                warnings.get(0).endsWith("is not a variable of the suite and is ignored; did you mean MINIO_SECURE?"),
                warnings.get(0));
    }

    @Test
    void livenessMetricsAndOpenApiAnswer() {
        given().get("/q/health/live")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("support-test"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("# TYPE jvm_"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/test/things"));
    }

    @Test
    void theCommonStatusNamesTheServiceAndTheBroker() {
        given().get("/api/status")
                .then()
                .statusCode(200)
                .body("service", equalTo("support-test"))
                .body("status", equalTo("running"))
                .body("$", hasKey("uptime_seconds"))
                .body("broker.reachable", equalTo(true))
                .body("broker.nodes", equalTo(1));
    }

    @Test
    void restAnswersUseSnakeCaseAndIsoTimes() {
        given().get("/test/things")
                .then()
                .statusCode(200)
                .body("$", hasKey("some_name"))
                .body("$", not(hasKey("someName")))
                .body("created_at", equalTo("2025-08-20T12:00:00Z"))
                .body("caller", equalTo("anonymous"));
    }

    @Test
    void aWriteWithoutTheApiKeyIsRefusedWithAJsonError() {
        given().post("/test/things")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("X-API-Key"))
                .body("error", equalTo("unauthorized"))
                .body("message", containsString("X-API-Key"));
        given().header("X-API-Key", "wrong-key").post("/test/things").then().statusCode(401);
    }

    @Test
    void aWriteWithTheApiKeyPassesAndIsAttributedToTheKeysName() {
        given().header("X-API-Key", "test-key-for-ops")
                .post("/test/things")
                .then()
                .statusCode(201)
                .body("caller", equalTo("ops"));
    }

    @Test
    void readsNeedNoKey() {
        given().get("/test/things").then().statusCode(200);
    }

    @Test
    void aReadMarkedRequiresApiKeyNeedsTheKey() {
        given().get("/test/things/details")
                .then()
                .statusCode(401)
                .body("message", containsString("X-API-Key header is required for this read"));
        given().header("X-API-Key", "wrong-key")
                .get("/test/things/details")
                .then()
                .statusCode(401);
        given().header("X-API-Key", "test-key-for-ops")
                .get("/test/things/details")
                .then()
                .statusCode(200)
                .body("caller", equalTo("ops"));
    }

    @Test
    void unreadableRecordsGoToTheDeadLetterTopicWithTheReasonAndTheNextGoodOneIsStillConsumed() throws Exception {
        String run = UUID.randomUUID().toString();
        String type = EventTypes.typeOf(BackupRequested.class);
        BackupRequested good = new BackupRequested(
                "good-" + run,
                "default",
                BackupType.FULL,
                List.of("database"),
                "test",
                Instant.now(),
                null,
                null,
                null);
        byte[] notJson = "this is not json".getBytes(StandardCharsets.UTF_8);
        byte[] unknownType = EventJson.mapper().writeValueAsBytes(good);
        byte[] wrongSchema = "{\"request_id\":\"x\",\"type\":\"full\"}".getBytes(StandardCharsets.UTF_8);

        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            writer.send(TopicWriter.cloudEvent(TOPIC, "default", run + "-1", type, notJson));
            writer.send(TopicWriter.cloudEvent(
                    TOPIC, "default", run + "-2", "com.textloom.backup.backup-exploded.v1", unknownType));
            writer.send(TopicWriter.cloudEvent(TOPIC, "default", run + "-3", type, wrongSchema));
            writer.publish(TOPIC, good);
        }

        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>(new TopicReader(bootstrap)
                .read(
                        TOPIC + ".dlq",
                        r -> String.valueOf(TopicReader.header(r, "ce_id")).startsWith(run),
                        3,
                        WAIT));
        dead.sort(Comparator.comparing(r -> TopicReader.header(r, "ce_id")));
        assertEquals(3, dead.size(), "three dead letters of this run");
        assertDeadLetter(dead.get(0), notJson, "not_json: ");
        assertDeadLetter(dead.get(1), unknownType, "unknown_type: unknown type com.textloom.backup.backup-exploded.v1");
        assertDeadLetter(dead.get(2), wrongSchema, "schema_violation: backup-requested.v1: ");
        assertTrue(
                TopicReader.header(dead.get(2), "dead-letter-reason").contains("repository"),
                TopicReader.header(dead.get(2), "dead-letter-reason"));
        assertEquals(TOPIC, TopicReader.header(dead.get(0), "dead-letter-topic"));

        awaitReceived(good);
    }

    @Test
    void publishedEventsAreBinaryCloudEventsKeyedByRepository() throws Exception {
        String run = UUID.randomUUID().toString();
        BackupRequested event = new BackupRequested(
                "published-" + run,
                "repo-" + run,
                BackupType.DAILY,
                List.of(),
                "scheduler",
                Instant.now(),
                "20250820_120000",
                "daily",
                Instant.parse("2025-08-20T12:00:00Z"));
        resource.publish(event);

        List<ConsumerRecord<String, byte[]>> records =
                new TopicReader(bootstrap).read(TOPIC, r -> ("repo-" + run).equals(r.key()), 1, WAIT);
        assertEquals(1, records.size(), "published on " + TOPIC);
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertEquals("repo-" + run, record.key());
        assertEquals("1.0", TopicReader.header(record, "ce_specversion"));
        assertEquals("support-test", TopicReader.header(record, "ce_source"));
        assertEquals(EventTypes.typeOf(BackupRequested.class), TopicReader.header(record, "ce_type"));
        assertEquals("20250820_120000", TopicReader.header(record, "ce_subject"));
        assertNotNull(TopicReader.header(record, "ce_id"));
        assertEquals(event, EventJson.mapper().readValue(record.value(), BackupRequested.class));
        assertEquals(event, CloudEventRecords.read(record), "what a service publishes, a plain consumer reads");
        awaitReceived(event);
    }

    @Test
    void aRequestSentAndAwaitedIsOnTheTopicWithItsIdWhenTheCallReturns() {
        String id = UUID.randomUUID().toString();
        BackupRequested request = new BackupRequested(
                id, "awaited-" + id, BackupType.FULL, List.of(), "test", Instant.now(), null, null, null);
        resource.publishAndAwait(request, id);
        List<ConsumerRecord<String, byte[]>> records = new TopicReader(bootstrap)
                .read(TOPIC, r -> ("awaited-" + id).equals(r.key()), 1, Duration.ofSeconds(5));
        assertEquals(1, records.size(), "acknowledged means on the topic");
        assertEquals(id, TopicReader.header(records.get(0), "ce_id"));
    }

    @Test
    void aPlainProducerWritesWhatTheChannelsRead() throws Exception {
        String run = UUID.randomUUID().toString();
        BackupRequested event = new BackupRequested(
                "plain-" + run, "default", BackupType.FULL, List.of("redis"), "test", Instant.now(), null, null, null);
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            writer.publish(TOPIC, event);
        }
        awaitReceived(event);
    }

    private void awaitReceived(SuiteEvent expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!consumer.received().contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(consumer.received().contains(expected), "the consumer got " + expected);
    }

    private static void assertDeadLetter(ConsumerRecord<String, byte[]> dead, byte[] original, String reasonStart) {
        assertArrayEquals(original, dead.value(), "a dead letter keeps the original bytes");
        String reason = TopicReader.header(dead, "dead-letter-reason");
        assertNotNull(reason, "dead-letter-reason header");
        assertTrue(reason.startsWith(reasonStart), reason);
    }
}
