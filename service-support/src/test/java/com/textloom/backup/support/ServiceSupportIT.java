package com.textloom.backup.support;

import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.EventJson;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.support.testapp.ProbeResource;
import com.textloom.backup.support.testapp.RecordingConsumer;
import com.textloom.backup.testservers.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

/**
 * What every service gets from service-support, in a small application against the real Kafka broker:
 * health, metrics, OpenAPI, snake_case JSON, the API key filter, CloudEvents on what is published and dead
 * letters for what cannot be read.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ServiceSupportIT {

    private static final String TOPIC = "textloom.test.probe";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    RecordingConsumer consumer;

    @Inject
    ProbeResource resource;

    @Test
    void readinessIsUpWhileTheBrokerAnswers() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("kafka-broker"))
                .body("checks.find { it.name == 'kafka-broker' }.data.nodes", equalTo(1));
    }

    @Test
    void livenessMetricsAndOpenApiAnswer() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("support-test"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("# TYPE jvm_"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/test/things"));
    }

    @Test
    void restAnswersUseSnakeCaseAndIsoTimes() {
        given().get("/test/things").then().statusCode(200)
                .body("$", hasKey("some_name"))
                .body("$", not(hasKey("someName")))
                .body("created_at", equalTo("2025-08-20T12:00:00Z"))
                .body("caller", equalTo("anonymous"));
    }

    @Test
    void aWriteWithoutTheApiKeyIsRefusedWithAJsonError() {
        given().post("/test/things").then().statusCode(401)
                .header("WWW-Authenticate", containsString("X-API-Key"))
                .body("error", equalTo("unauthorized"))
                .body("message", containsString("X-API-Key"));
        given().header("X-API-Key", "wrong-key").post("/test/things").then().statusCode(401);
    }

    @Test
    void aWriteWithTheApiKeyPassesAndIsAttributedToTheKeysName() {
        given().header("X-API-Key", "test-key-for-ops").post("/test/things").then().statusCode(201)
                .body("caller", equalTo("ops"));
    }

    @Test
    void readsNeedNoKey() {
        given().get("/test/things").then().statusCode(200);
    }

    @Test
    void unreadableRecordsGoToTheDeadLetterTopicWithTheReasonAndTheNextGoodOneIsStillConsumed() throws Exception {
        String run = UUID.randomUUID().toString();
        String type = EventTypes.typeOf(BackupRequested.class);
        BackupRequested good = new BackupRequested("good-" + run, "default", BackupType.FULL, List.of("database"),
                "test", Instant.now(), null, null, null);
        byte[] notJson = "this is not json".getBytes(StandardCharsets.UTF_8);
        byte[] unknownType = EventJson.mapper().writeValueAsBytes(good);
        byte[] wrongSchema = "{\"request_id\":\"x\",\"type\":\"full\"}".getBytes(StandardCharsets.UTF_8);

        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(record(run + "-1", type, notJson)).get();
            producer.send(record(run + "-2", "com.textloom.backup.backup-exploded.v1", unknownType)).get();
            producer.send(record(run + "-3", type, wrongSchema)).get();
            producer.send(record(run + "-4", type, EventJson.mapper().writeValueAsBytes(good))).get();
        }

        List<ConsumerRecord<String, byte[]>> dead = readUntil(TOPIC + ".dlq", run, 3);
        assertEquals(3, dead.size(), "three dead letters of this run");
        assertDeadLetter(dead.get(0), notJson, "not_json: ");
        assertDeadLetter(dead.get(1), unknownType, "unknown_type: unknown type com.textloom.backup.backup-exploded.v1");
        assertDeadLetter(dead.get(2), wrongSchema, "schema_violation: backup-requested.v1: ");
        assertTrue(header(dead.get(2), "dead-letter-reason").contains("repository"), header(dead.get(2), "dead-letter-reason"));
        assertEquals(TOPIC, header(dead.get(0), "dead-letter-topic"));

        awaitReceived(good);
    }

    @Test
    void publishedEventsAreBinaryCloudEventsKeyedByRepository() throws Exception {
        String run = UUID.randomUUID().toString();
        BackupRequested event = new BackupRequested("published-" + run, "repo-" + run, BackupType.DAILY, List.of(),
                "scheduler", Instant.now(), "20250820_120000", "daily", Instant.parse("2025-08-20T12:00:00Z"));
        resource.publish(event);

        List<ConsumerRecord<String, byte[]>> records = readUntil(TOPIC, "repo-" + run, 1);
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertEquals("repo-" + run, record.key());
        assertEquals("1.0", header(record, "ce_specversion"));
        assertEquals("support-test", header(record, "ce_source"));
        assertEquals(EventTypes.typeOf(BackupRequested.class), header(record, "ce_type"));
        assertEquals("20250820_120000", header(record, "ce_subject"));
        assertNotNull(header(record, "ce_id"));
        assertEquals(event, EventJson.mapper().readValue(record.value(), BackupRequested.class));
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
        String reason = header(dead, "dead-letter-reason");
        assertNotNull(reason, "dead-letter-reason header");
        assertTrue(reason.startsWith(reasonStart), reason);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private ProducerRecord<String, byte[]> record(String id, String type, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, "default", value);
        record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_id", id.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_source", "test".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** Reads {@code topic} from the start until {@code count} records whose key or ce_id mentions {@code marker}. */
    private List<ConsumerRecord<String, byte[]>> readUntil(String topic, String marker, int count) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            reader.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(500))) {
                    String id = header(r, "ce_id");
                    if ((r.key() != null && r.key().contains(marker)) || (id != null && id.contains(marker))) {
                        found.add(r);
                    }
                }
            }
        }
        found.sort((a, b) -> header(a, "ce_id").compareTo(header(b, "ce_id")));
        return found;
    }
}
