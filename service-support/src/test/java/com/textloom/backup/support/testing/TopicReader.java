package com.textloom.backup.support.testing;

import com.textloom.backup.support.messaging.CloudEventRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic of the real test broker from its beginning, as a test checks what a service published or
 * dead-lettered: a plain consumer with every partition assigned, no consumer group, nothing committed, so
 * it disturbs no service and sees every record still on the topic.
 *
 * <pre>{@code
 * List<ConsumerRecord<String, byte[]>> dead = new TopicReader(bootstrap).read(Topics.deadLetter(Topics.BACKUP_EVENTS),
 *         r -> marker.equals(TopicReader.header(r, "test_marker")), 2, Duration.ofSeconds(30));
 * }</pre>
 *
 * Shipped in service-support's test jar.
 */
public final class TopicReader {

    private final String bootstrapServers;
    private final Map<String, ?> clientProperties;

    public TopicReader(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /** A reader whose consumer also gets {@code clientProperties} (the broker's security settings, say). */
    public TopicReader(String bootstrapServers, Map<String, ?> clientProperties) {
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = Map.copyOf(clientProperties);
    }

    /**
     * The records of {@code topic} matching {@code filter}, in partition order, read from the beginning until
     * {@code count} matched or {@code timeout} passed; then what matched so far (so a test can also assert
     * that no more than {@code count - 1} arrived).
     */
    public List<ConsumerRecord<String, byte[]>> read(
            String topic, Predicate<ConsumerRecord<String, byte[]>> filter, int count, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> matched = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, byte[]> consumer = fromBeginning(topic, deadline)) {
            while (matched.size() < count && Instant.now().isBefore(deadline)) {
                poll(consumer, filter, matched);
            }
        }
        return matched;
    }

    /**
     * Every record of {@code topic} matching {@code filter} that the broker holds now: read from the beginning
     * up to each partition's end offset as of this call, without waiting for more. A test that has seen a record
     * arrive (with {@link #read}) and has let its producer settle counts the copies with this, instead of
     * waiting out a timeout for a duplicate.
     */
    public List<ConsumerRecord<String, byte[]>> readToEnd(
            String topic, Predicate<ConsumerRecord<String, byte[]>> filter, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> matched = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, byte[]> consumer = fromBeginning(topic, deadline)) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("could not read " + topic + " to its end within " + timeout);
                }
                poll(consumer, filter, matched);
            }
        }
        return matched;
    }

    /**
     * Waits until the consumer group {@code group} has committed an offset past {@code record}: the service
     * consuming as that group has processed it (its consumers acknowledge a record once handled). A test that sent a
     * duplicate waits for this instead of sleeping, then counts what the duplicate produced with {@link #readToEnd}.
     */
    public void awaitConsumed(String group, RecordMetadata record, Duration timeout) throws InterruptedException {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        Instant deadline = Instant.now().plus(timeout);
        long committed = -1;
        try (Admin admin = Admin.create(props)) {
            while (Instant.now().isBefore(deadline)) {
                try {
                    OffsetAndMetadata o = admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata()
                            .get(5, TimeUnit.SECONDS)
                            .get(partition);
                    committed = o == null ? -1 : o.offset();
                } catch (ExecutionException | TimeoutException e) {
                    committed = -1;
                }
                if (committed > record.offset()) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("group " + group + " did not consume " + partition + "@" + record.offset() + " within "
                + timeout + " (committed: " + committed + ")");
    }

    private KafkaConsumer<String, byte[]> fromBeginning(String topic, Instant deadline) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = List.of();
        while (partitions.isEmpty() && Instant.now().isBefore(deadline)) {
            partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static void poll(
            KafkaConsumer<String, byte[]> consumer,
            Predicate<ConsumerRecord<String, byte[]>> filter,
            List<ConsumerRecord<String, byte[]>> matched) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            if (filter.test(record)) {
                matched.add(record);
            }
        }
    }

    /** A header's last value as text, or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        return CloudEventRecords.header(record.headers(), name);
    }

    /** A record's value as UTF-8 text ("" for none). */
    public static String text(ConsumerRecord<?, byte[]> record) {
        return record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
    }
}
