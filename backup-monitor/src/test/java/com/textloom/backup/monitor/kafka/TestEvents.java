package com.textloom.backup.monitor.kafka;

import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.ComponentResult;
import com.textloom.backup.events.EventJson;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/** Publishes synthetic events of the suite to the real broker, as CloudEvents, as the manager would. */
public final class TestEvents implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public TestEvents(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    public void publish(SuiteEvent event) throws Exception {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, Topics.keyOf(event),
                EventJson.mapper().writeValueAsBytes(event));
        CloudEventHeaders.write(r.headers(), event, Instant.now(), null);
        producer.send(r).get();
    }

    /** A record that is no event at all. */
    public void publishGarbage() throws Exception {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, "main", "not json".getBytes(StandardCharsets.UTF_8));
        r.headers().add("ce_type", "com.textloom.backup.backup-completed.v1".getBytes(StandardCharsets.UTF_8));
        producer.send(r).get();
    }

    /** A BackupCompleted of repository "main" with the given components. */
    public static BackupCompleted backup(Outcome status, Instant at, ComponentResult... components) {
        String id = "b_" + UUID.randomUUID().toString().substring(0, 8);
        return new BackupCompleted("req-" + id, id, "main", BackupType.DAILY, status,
                status == Outcome.FAILED ? null : "snap-" + id, "test", at.minusSeconds(5), at, 5000,
                List.of(components), List.of(), status == Outcome.FAILED ? "pg_dump: connection refused" : null);
    }

    public static ComponentResult component(String name, Outcome status, long bytesRead) {
        return new ComponentResult(name, status, bytesRead, bytesRead / 2, bytesRead / 4, 1, 1000, Map.of(),
                status == Outcome.SUCCESS ? null : name + " unreachable");
    }

    @Override
    public void close() {
        producer.close();
    }
}
