package com.textloom.backup.reliability;

import com.textloom.backup.events.EventCodec;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.UnreadableEventException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic of the real broker from its beginning as a new consumer group: the completion events (decoded with
 * the events' own codec) or, for dead letters, the raw records.
 */
final class EventLog {
    private EventLog() {}

    /** Every record of {@code topic} now on the broker (reads until {@code quiet} passes with nothing new). */
    static List<ConsumerRecord<String, byte[]>> records(String bootstrap, String topic, Duration quiet, Duration max) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reliability-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long end = System.nanoTime() + max.toNanos();
            long lastNew = System.nanoTime();
            while (System.nanoTime() < end
                    && (out.isEmpty()
                            ? System.nanoTime() - lastNew < max.toNanos()
                            : System.nanoTime() - lastNew < quiet.toNanos())) {
                var batch = consumer.poll(Duration.ofMillis(300));
                if (!batch.isEmpty()) {
                    batch.forEach(out::add);
                    lastNew = System.nanoTime();
                } else if (out.isEmpty() && System.nanoTime() - lastNew > quiet.toNanos() * 4) {
                    break;
                }
            }
        }
        return out;
    }

    /** The suite events of {@code topic}, decoded; a record that does not decode fails the caller. */
    static List<SuiteEvent> events(String bootstrap, String topic) {
        EventCodec codec = new EventCodec();
        List<SuiteEvent> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r :
                records(bootstrap, topic, Duration.ofSeconds(2), Duration.ofSeconds(20))) {
            Header type = r.headers().lastHeader("ce_type");
            if (type == null) {
                continue;
            }
            String t = new String(type.value(), StandardCharsets.UTF_8);
            if (EventTypes.classOf(t).isEmpty()) {
                continue;
            }
            try {
                out.add(codec.decode(t, r.value()));
            } catch (UnreadableEventException e) {
                throw new AssertionError("the manager published an unreadable " + t + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
