package com.textloom.backup.support.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.AlertAcknowledged;
import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.support.testapp.BackupRequestConsumer;
import com.textloom.backup.support.testing.TopicReader;
import com.textloom.backup.support.testing.TopicWriter;
import com.textloom.backup.testservers.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The one dead-letter mechanism ({@link SuiteDeadLetters}) against the real broker, on a channel that reads two topics
 * (testapp {@link BackupRequestConsumer}): a record the suite's deserializer cannot read and an event the consumer
 * refuses each end in the dead-letter topic of the topic they came from, with their original bytes, their headers
 * and the reason; a good one is delivered.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class SuiteDeadLettersIT {

    private static final String TOPIC_A = "textloom.test.requests-a";
    private static final String TOPIC_B = "textloom.test.requests-b";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    BackupRequestConsumer consumer;

    @Test
    void undecodableAndRefusedRecordsEndInTheirTopicsDeadLettersWithTheReasonAndAGoodOneIsDelivered() throws Exception {
        String run = UUID.randomUUID().toString();
        byte[] notJson = "{ not json".getBytes(StandardCharsets.UTF_8);
        AlertAcknowledged wrongType =
                new AlertAcknowledged("alert-" + run, null, "default", "ops", Instant.now(), null);
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
        ProducerRecord<String, byte[]> refused = TopicWriter.cloudEvent(TOPIC_B, wrongType, run + "-refused");
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            writer.send(TopicWriter.add(
                    TopicWriter.cloudEvent(
                            TOPIC_A,
                            "default",
                            run + "-undecodable",
                            EventTypes.typeOf(BackupRequested.class),
                            notJson),
                    "test-marker",
                    run));
            writer.send(TopicWriter.add(refused, "test-marker", run));
            writer.publish(TOPIC_A, good);
        }

        ConsumerRecord<String, byte[]> undecodable = only(TOPIC_A + ".dlq", run);
        assertArrayEquals(notJson, undecodable.value(), "the original bytes");
        assertEquals(run + "-undecodable", TopicReader.header(undecodable, "ce_id"), "the original headers");
        assertTrue(
                TopicReader.header(undecodable, "dead-letter-reason").startsWith("not_json: "),
                TopicReader.header(undecodable, "dead-letter-reason"));
        assertEquals(TOPIC_A, TopicReader.header(undecodable, "dead-letter-topic"));
        assertEquals("default", undecodable.key());

        ConsumerRecord<String, byte[]> wrong = only(TOPIC_B + ".dlq", run);
        assertArrayEquals(refused.value(), wrong.value(), "the original bytes");
        assertEquals(run + "-refused", TopicReader.header(wrong, "ce_id"), "the original headers");
        assertEquals(EventTypes.typeOf(AlertAcknowledged.class), TopicReader.header(wrong, "ce_type"));
        assertEquals(
                BackupRequestConsumer.NOT_TAKEN + EventTypes.typeOf(AlertAcknowledged.class),
                TopicReader.header(wrong, "dead-letter-reason"));
        assertEquals(TOPIC_B, TopicReader.header(wrong, "dead-letter-topic"));

        assertTrue(delivered(good), "the good request is delivered after the refused ones");
        assertEquals(
                List.of(good),
                consumer.received().stream()
                        .filter(r -> r.requestId().endsWith(run))
                        .toList(),
                "and only it");
    }

    /**
     * An unreadable value near the broker's record limit (EventFuzzIT's "oversized" case, ~0.7 MB) is dead-lettered
     * like any other, and the channel goes on: the bad record after it is dead-lettered too and a good one delivered.
     * Failed while the dead letter copied the connector's {@code deserialization-failure-*data} headers, each a copy
     * of the value: at three times the value's size the producer refused it (record too large), and the failed
     * dead letter ended the channel's stream, so no record after it was read (1969 of 2000 fuzzed requests lost).
     */
    @Test
    void anOversizedUnreadableRecordIsADeadLetterAndTheChannelGoesOn() throws Exception {
        String run = UUID.randomUUID().toString();
        byte[] oversized = new byte[700 * 1024];
        java.util.Arrays.fill(oversized, (byte) '{');
        byte[] notJson = "[ not json".getBytes(StandardCharsets.UTF_8);
        BackupRequested good = new BackupRequested(
                "good-after-oversized-" + run,
                "default",
                BackupType.FULL,
                List.of("database"),
                "test",
                Instant.now(),
                null,
                null,
                null);
        String type = EventTypes.typeOf(BackupRequested.class);
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            writer.send(TopicWriter.add(
                    TopicWriter.cloudEvent(TOPIC_A, "default", run + "-oversized", type, oversized),
                    "test-marker",
                    run));
            writer.send(TopicWriter.add(
                    TopicWriter.cloudEvent(TOPIC_A, "default", run + "-after", type, notJson), "test-marker", run));
            writer.publish(TOPIC_A, good);
        }

        List<ConsumerRecord<String, byte[]>> dead = new TopicReader(bootstrap)
                .read(TOPIC_A + ".dlq", r -> run.equals(TopicReader.header(r, "test-marker")), 2, WAIT);
        assertEquals(
                List.of(run + "-oversized", run + "-after"),
                dead.stream().map(r -> TopicReader.header(r, "ce_id")).toList(),
                "both unreadable records are dead letters, in order");
        assertArrayEquals(oversized, dead.get(0).value(), "the original bytes");
        assertTrue(
                dead.get(0).headers().lastHeader("deserialization-failure-data") == null
                        && dead.get(0).headers().lastHeader("deserialization-failure-value-data") == null,
                "the value is not repeated in headers");
        assertTrue(TopicReader.header(dead.get(0), "dead-letter-reason") != null, "with the reason");

        assertTrue(delivered(good), "the channel still delivers after the oversized record");
    }

    /** Whether the consumer received {@code request} within {@link #WAIT}. */
    private boolean delivered(BackupRequested request) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!consumer.received().contains(request) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return consumer.received().contains(request);
    }

    private ConsumerRecord<String, byte[]> only(String deadLetterTopic, String run) {
        List<ConsumerRecord<String, byte[]>> dead = new TopicReader(bootstrap)
                .read(deadLetterTopic, r -> run.equals(TopicReader.header(r, "test-marker")), 1, WAIT);
        assertEquals(1, dead.size(), "one dead letter of this run on " + deadLetterTopic);
        return dead.get(0);
    }
}
