package com.textloom.backup.support.testing;

import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.Topics;
import com.textloom.backup.support.messaging.CloudEventRecords;
import com.textloom.backup.support.messaging.RequestSignature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes to the real test broker as another service of the suite would — events as binary CloudEvents
 * ({@link CloudEventRecords}) — or as a broken producer would: any type, any bytes, for dead-letter tests.
 * Each send returns once the broker has the record ({@code acks=all}).
 *
 * <pre>{@code
 * try (TopicWriter writer = new TopicWriter(bootstrap)) {
 *     writer.send(TopicWriter.cloudEvent(Topics.BACKUP_EVENTS, "default", EventTypes.typeOf(BackupCompleted.class),
 *             "this is not json"));                               // dead-lettered: not_json
 *     writer.publish(completed);                                   // consumed
 * }
 * }</pre>
 *
 * Shipped in service-support's test jar.
 */
public final class TopicWriter implements AutoCloseable {

    /** The {@code ce_source} of what tests publish. */
    public static final String SOURCE = "test";

    private final KafkaProducer<String, byte[]> producer;

    public TopicWriter(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /** A writer whose producer also gets {@code clientProperties} (the broker's security settings, say). */
    public TopicWriter(String bootstrapServers, Map<String, ?> clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Publishes {@code event} on its topic ({@link Topics#topicOf}) as the suite's services do. */
    public void publish(SuiteEvent event) throws ExecutionException, InterruptedException {
        publish(Topics.topicOf(event.getClass()), event);
    }

    /** Publishes {@code event} on {@code topic} as the suite's services do. */
    public void publish(String topic, SuiteEvent event) throws ExecutionException, InterruptedException {
        send(CloudEventRecords.record(topic, event, SOURCE, Instant.now(), null));
    }

    /** Publishes {@code event} on its topic as the suite's services do, a request signed with {@code signature}. */
    public void publish(SuiteEvent event, RequestSignature signature) throws ExecutionException, InterruptedException {
        publish(Topics.topicOf(event.getClass()), event, signature);
    }

    /** Publishes {@code event} on {@code topic} as the suite's services do, a request signed with {@code signature}. */
    public void publish(String topic, SuiteEvent event, RequestSignature signature)
            throws ExecutionException, InterruptedException {
        send(CloudEventRecords.record(topic, event, SOURCE, Instant.now(), null, signature));
    }

    /** Sends {@code record} as it is; where the broker put it (for {@link TopicReader#awaitConsumed}). */
    public RecordMetadata send(ProducerRecord<String, byte[]> record) throws ExecutionException, InterruptedException {
        return producer.send(record).get();
    }

    /**
     * A record with CloudEvents headers around any payload: {@code type} may be unknown or null (no
     * {@code ce_type}), {@code json} anything; {@code ce_id} is fresh.
     */
    public static ProducerRecord<String, byte[]> cloudEvent(String topic, String key, String type, String json) {
        return cloudEvent(topic, key, UUID.randomUUID().toString(), type, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A record with CloudEvents headers around any payload, with the given {@code ce_id}. */
    public static ProducerRecord<String, byte[]> cloudEvent(
            String topic, String key, String id, String type, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        add(record, CloudEventRecords.SPEC_VERSION, CloudEventRecords.SPEC_VERSION_VALUE);
        add(record, CloudEventRecords.ID, id);
        add(record, CloudEventRecords.SOURCE, SOURCE);
        add(record, CloudEventRecords.TYPE, type);
        add(record, CloudEventRecords.CONTENT_TYPE, CloudEventRecords.JSON);
        return record;
    }

    /** A record of an event of the suite with the given {@code ce_id} (a request delivered twice, say). */
    public static ProducerRecord<String, byte[]> cloudEvent(String topic, SuiteEvent event, String id) {
        ProducerRecord<String, byte[]> record = CloudEventRecords.record(topic, event, SOURCE, Instant.now(), null);
        record.headers().remove(CloudEventRecords.ID);
        add(record, CloudEventRecords.ID, id);
        return record;
    }

    /** Adds a header (e.g. a marker a test finds its records by); null values are left out. */
    public static ProducerRecord<String, byte[]> add(
            ProducerRecord<String, byte[]> record, String header, String value) {
        if (value != null) {
            record.headers().add(header, value.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    @Override
    public void close() {
        producer.close();
    }
}
