package com.textloom.backup.e2e;

import com.textloom.backup.events.EventCodec;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.UnreadableEventException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads topics of the real broker from their beginning, as a new consumer group, and decodes each record with
 * the events' own codec (type from the CloudEvents {@code ce_type} header). Used from the test thread only.
 */
final class EventWatch implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final EventCodec codec = new EventCodec();
    private final List<SuiteEvent> seen = new ArrayList<>();

    EventWatch(String bootstrapServers, String... topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-watch-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000"); // topics created meanwhile are picked up soon
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topics));
    }

    /**
     * The first event of {@code type} matching {@code test}, waiting up to {@code timeout}; fails naming what
     * was seen meanwhile.
     */
    <T extends SuiteEvent> T await(Class<T> type, Predicate<T> test, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> found = seen.stream()
                    .filter(type::isInstance)
                    .map(type::cast)
                    .filter(test)
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + type.getSimpleName() + " as expected within " + timeout.toSeconds()
                        + " s; events seen: " + seen);
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                Header ceType = r.headers().lastHeader("ce_type");
                if (ceType == null) {
                    continue;
                }
                String eventType = new String(ceType.value(), StandardCharsets.UTF_8);
                if (EventTypes.classOf(eventType).isEmpty()) {
                    continue;
                }
                try {
                    seen.add(codec.decode(eventType, r.value()));
                } catch (UnreadableEventException e) {
                    throw new AssertionError(
                            "a service published an unreadable " + eventType + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** Every event of {@code type} read so far (after an {@link #await}, at least those before the one awaited). */
    <T extends SuiteEvent> List<T> seen(Class<T> type) {
        return seen.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
