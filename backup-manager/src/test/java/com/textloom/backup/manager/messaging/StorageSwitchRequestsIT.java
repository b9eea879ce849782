package com.textloom.backup.manager.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.RetentionCompleted;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.events.StorageSwitchCompleted;
import com.textloom.backup.events.StorageSwitchRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.manager.testing.Api;
import com.textloom.backup.support.messaging.CloudEventRecords;
import com.textloom.backup.support.messaging.RequestSignature;
import com.textloom.backup.support.testing.TopicReader;
import com.textloom.backup.support.testing.TopicWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every request the manager obeys passes the same admission ({@link RequestAdmission}), on either of its consumers:
 * a manager with {@code BACKUP_EVENT_SIGNING_KEY} and a remote holding a replica of its repository
 * ({@link StorageSwitchWorld}), the real broker, records written straight onto its requests topic.
 * <ol>
 *   <li>Empty requests (no value, or the JSON {@code null}), correctly signed, of a retention and of a storage switch,
 *       are dead letters with the reason {@code empty request}, and nothing runs: the only RetentionCompleted is
 *       that of the dry run sent after them, the storage is not switched.</li>
 *   <li>A StorageSwitchRequested {@code use_remote} unsigned, and one signed with another key, go to the dead-letter
 *       topic with the reason and the manager keeps its repository; the same request correctly signed switches it
 *       to the remote, and only that one is answered by a StorageSwitchCompleted.</li>
 *   <li>Unreadable records are one dead letter each, their value byte for byte; a planted received value does not
 *       verify.</li>
 * </ol>
 */
@QuarkusTest
@WithTestResource(StorageSwitchWorld.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageSwitchRequestsIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String MARKER = "test_marker";
    private static final String RETENTION = EventTypes.typeOf(RetentionRequested.class);
    private static final String SWITCH = EventTypes.typeOf(StorageSwitchRequested.class);

    private final RequestSignature signature = RequestSignature.of(StorageSwitchWorld.SECRET);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static StorageSwitchRequested useRemote(String id) {
        return new StorageSwitchRequested(
                id,
                "default",
                StorageSwitchRequested.USE_REMOTE,
                StorageSwitchWorld.remote(),
                false,
                "intruder",
                Instant.now(),
                null);
    }

    /** A correctly signed record of {@code type} whose value is {@code value} (null: none), with a marker. */
    private ProducerRecord<String, byte[]> signedEmpty(String type, byte[] value, String marker) {
        ProducerRecord<String, byte[]> record = TopicWriter.cloudEvent(
                StorageSwitchWorld.REQUESTS, "default", UUID.randomUUID().toString(), type, value);
        signature.sign(record.headers(), type, value == null ? new byte[0] : value, Instant.now());
        return TopicWriter.add(record, MARKER, marker);
    }

    private static JsonPath storage() {
        return given().get("/api/status").then().statusCode(200).extract().jsonPath();
    }

    /** The events of {@code type} the manager published, at most {@code count}, waiting 10 s for that many. */
    private List<String> completions(Class<? extends SuiteEvent> type, int count) {
        String ceType = EventTypes.typeOf(type);
        return new TopicReader(bootstrap)
                        .read(
                                StorageSwitchWorld.EVENTS,
                                r -> ceType.equals(TopicReader.header(r, CloudEventRecords.TYPE)),
                                count,
                                Duration.ofSeconds(10))
                        .stream()
                        .map(TopicReader::text)
                        .toList();
    }

    @Test
    @Order(1)
    void anEmptyRequestIsADeadLetterAndRunsNothing() throws Exception {
        String marker = UUID.randomUUID().toString();
        byte[] jsonNull = "null".getBytes(StandardCharsets.UTF_8);
        String dryRun = "after-empty-" + UUID.randomUUID();
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            writer.send(signedEmpty(RETENTION, null, marker));
            writer.send(signedEmpty(RETENTION, jsonNull, marker));
            writer.send(signedEmpty(SWITCH, null, marker));
            writer.send(signedEmpty(SWITCH, jsonNull, marker));
            writer.publish(
                    StorageSwitchWorld.REQUESTS,
                    new RetentionRequested(dryRun, "default", null, true, "ops", Instant.now(), null, null),
                    signature);
        }
        List<ConsumerRecord<String, byte[]>> dead = new TopicReader(bootstrap)
                .read(StorageSwitchWorld.DEAD_LETTERS, r -> marker.equals(TopicReader.header(r, MARKER)), 4, WAIT);
        assertEquals(4, dead.size(), "each empty request is one dead letter");
        for (ConsumerRecord<String, byte[]> r : dead) {
            assertEquals(
                    "empty request",
                    TopicReader.header(r, "dead-letter-reason"),
                    TopicReader.header(r, CloudEventRecords.TYPE) + " " + TopicReader.text(r));
        }
        Map<String, Object> done = Api.awaitOperation(dryRun, WAIT);
        assertEquals("success", done.get("status"), done.toString());
        List<String> retentions = completions(RetentionCompleted.class, 2);
        assertEquals(1, retentions.size(), "only the dry run sent after them ran a retention: " + retentions);
        assertTrue(retentions.get(0).contains(dryRun), retentions.toString());
        assertFalse(storage().getBoolean("storage.switched"), storage().prettify());
        assertEquals(List.of(), completions(StorageSwitchCompleted.class, 1), "no storage switch ran");
    }

    @Test
    @Order(2)
    void onlyACorrectlySignedStorageSwitchRuns() throws Exception {
        String unsigned = "unsigned-switch-" + UUID.randomUUID();
        String forged = "forged-switch-" + UUID.randomUUID();
        String signed = "signed-switch-" + UUID.randomUUID();
        assertFalse(storage().getBoolean("storage.switched"), storage().prettify());
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            writer.publish(StorageSwitchWorld.REQUESTS, useRemote(unsigned));
            writer.publish(
                    StorageSwitchWorld.REQUESTS,
                    useRemote(forged),
                    RequestSignature.of("another-key-than-the-managers-0123"));
        }
        List<ConsumerRecord<String, byte[]>> dead = new TopicReader(bootstrap)
                .read(
                        StorageSwitchWorld.DEAD_LETTERS,
                        r -> TopicReader.text(r).contains(unsigned)
                                || TopicReader.text(r).contains(forged),
                        2,
                        WAIT);
        assertEquals(2, dead.size(), "both refused storage switches are dead letters");
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : dead) {
            reasons.put(
                    TopicReader.text(r).contains(unsigned) ? unsigned : forged,
                    TopicReader.header(r, "dead-letter-reason"));
        }
        assertTrue(reasons.get(unsigned).startsWith("unsigned:"), reasons.toString());
        assertTrue(reasons.get(forged).startsWith("bad_signature:"), reasons.toString());
        assertFalse(
                storage().getBoolean("storage.switched"),
                "the manager keeps its repository: " + storage().prettify());

        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            writer.publish(StorageSwitchWorld.REQUESTS, useRemote(signed), signature);
        }
        List<String> answers = new TopicReader(bootstrap)
                .read(StorageSwitchWorld.EVENTS, r -> TopicReader.text(r).contains(signed), 1, WAIT).stream()
                        .map(TopicReader::text)
                        .toList();
        assertEquals(1, answers.size(), "the signed switch is answered");
        assertTrue(answers.get(0).contains("\"status\":\"success\""), answers.toString());
        JsonPath status = storage();
        assertTrue(status.getBoolean("storage.switched"), status.prettify());
        assertTrue(
                status.getString("storage.active")
                        .contains(StorageSwitchWorld.root.resolve("remote").toString()),
                status.prettify());
        List<String> switches = completions(StorageSwitchCompleted.class, 3);
        assertEquals(1, switches.size(), "only the signed switch ran: " + switches);
    }

    /**
     * Both consumers read through the suite's deserializer (issue 14): a record that is not a readable request is one
     * dead letter (by the one consumer whose types it claims), with the codec's reason and its value byte for byte
     * (before, the value was read as text and a value that is not UTF-8 was dead-lettered altered); and a header
     * {@code textloom-received-value} planted by a producer does not stand for the value the signature is checked
     * over: a destructive retention carrying a dry run's signature and bytes is refused {@code bad_signature}.
     */
    @Test
    @Order(3)
    void unreadableRequestsAreOneDeadLetterEachWithTheirExactBytesAndAPlantedValueDoesNotVerify() throws Exception {
        String marker = UUID.randomUUID().toString();
        byte[] notUtf8 = {'{', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '}'};
        byte[] notJson = "not json".getBytes(StandardCharsets.UTF_8);
        byte[] unknown = "{}".getBytes(StandardCharsets.UTF_8);
        String dryRun = "signed-dry-run-" + UUID.randomUUID();
        String real = "forged-retention-" + UUID.randomUUID();
        byte[] signedBytes = new com.textloom.backup.events.EventCodec()
                .encode(new RetentionRequested(dryRun, "default", null, true, "ops", Instant.now(), null, null));
        byte[] forgedBytes = new com.textloom.backup.events.EventCodec()
                .encode(new RetentionRequested(real, "default", null, false, "intruder", Instant.now(), null, null));
        ProducerRecord<String, byte[]> forged =
                TopicWriter.cloudEvent(StorageSwitchWorld.REQUESTS, "default", real, RETENTION, forgedBytes);
        signature.sign(forged.headers(), RETENTION, signedBytes, Instant.now());
        forged.headers().add(com.textloom.backup.support.messaging.SuiteEventDeserializer.RECEIVED_VALUE, signedBytes);
        Map<String, byte[]> sent = new HashMap<>();
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            for (Map.Entry<String, byte[]> r : Map.of(
                            RETENTION, notUtf8, SWITCH, notJson, "com.example.unknown.v1", unknown)
                    .entrySet()) {
                ProducerRecord<String, byte[]> record = TopicWriter.cloudEvent(
                        StorageSwitchWorld.REQUESTS,
                        "default",
                        UUID.randomUUID().toString(),
                        r.getKey(),
                        r.getValue());
                signature.sign(record.headers(), r.getKey(), r.getValue(), Instant.now());
                writer.send(TopicWriter.add(record, MARKER, marker));
                sent.put(r.getKey(), r.getValue());
            }
            writer.send(TopicWriter.add(forged, MARKER, marker));
            sent.put("forged", forgedBytes);
        }
        List<ConsumerRecord<String, byte[]>> dead = new TopicReader(bootstrap)
                .read(
                        StorageSwitchWorld.DEAD_LETTERS,
                        r -> marker.equals(TopicReader.header(r, MARKER)),
                        5,
                        Duration.ofSeconds(45));
        assertEquals(
                4,
                dead.size(),
                "one dead letter per record: "
                        + dead.stream()
                                .map(r -> TopicReader.header(r, CloudEventRecords.TYPE) + " "
                                        + TopicReader.header(r, "dead-letter-reason"))
                                .toList());
        for (ConsumerRecord<String, byte[]> r : dead) {
            String type = TopicReader.header(r, CloudEventRecords.TYPE);
            String reason = TopicReader.header(r, "dead-letter-reason");
            boolean isForged = real.equals(TopicReader.header(r, CloudEventRecords.ID));
            String expected =
                    isForged ? "bad_signature:" : type.equals("com.example.unknown.v1") ? "unknown_type:" : "not_json:";
            assertTrue(reason != null && reason.startsWith(expected), type + ": " + reason);
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    sent.get(isForged ? "forged" : type),
                    r.value(),
                    type + ": the dead letter holds the value as sent");
            assertEquals(
                    null,
                    TopicReader.header(r, com.textloom.backup.support.messaging.SuiteEventDeserializer.RECEIVED_VALUE),
                    "the kept value is not part of a dead letter");
        }
        assertTrue(
                completions(RetentionCompleted.class, 10).stream().noneMatch(e -> e.contains(real)),
                "the forged retention did not run");
        given().get("/api/operations/" + real).then().statusCode(404);
    }
}
