package com.textloom.backup.monitor.kafka;

import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.UnreadableEventException;
import com.textloom.backup.monitor.state.MonitorState;
import com.textloom.backup.support.messaging.CloudEventRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Replays the backup-events, alerts and recovery-events topics from their beginning into the {@link MonitorState}, then
 * follows them. Uses manual partition assignment and no consumer group, so every instance (and every
 * restart) sees every record: the state is rebuilt from the log, nothing is kept elsewhere.
 *
 * <p>Records are read as the suite's channels read them ({@link CloudEventRecords#read}: the type named by
 * {@code ce_type}, checked against its schema). An unreadable record (no or unknown type, not JSON, breaking
 * the schema) is skipped and counted here, not dead-lettered, because every replica and every restart
 * replays it; service-support's {@code DeadLettersOnly}, which reads each record once for the whole service, sends it to
 * the dead-letter topic.
 */
public final class EventLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventLog.class);

    private final KafkaSettings kafka;
    private final MonitorState state;
    private final Consumer<Boolean> onApplied;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final AtomicLong unreadable = new AtomicLong();
    private volatile Map<TopicPartition, Long> positions = Map.of();
    private volatile Map<TopicPartition, Long> startupEnd;
    private volatile boolean running = true;

    /**
     * @param onApplied called after each batch with whether a rule input (backup or verify) changed
     */
    public EventLog(KafkaSettings kafka, String clientId, MonitorState state, Consumer<Boolean> onApplied) {
        this.kafka = kafka;
        this.state = state;
        this.onApplied = onApplied;
        Properties p = kafka.clientProperties();
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-replay");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "monitor-replay");
        this.thread.setDaemon(true);
    }

    /** Assigns every partition of both topics from the beginning and starts following them. */
    public void start() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(kafka.backupEvents(), kafka.alerts(), kafka.recoveryEvents())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            for (int i = 0; i < 100 && infos.isEmpty(); i++) { // a topic just created may not be known yet
                sleep();
                infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            }
            if (infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " has no partitions");
            }
            for (PartitionInfo i : infos) {
                partitions.add(new TopicPartition(i.topic(), i.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        startupEnd = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        thread.start();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Whether the replay reached the end the topics had when the monitor started. */
    public boolean caughtUp() {
        Map<TopicPartition, Long> end = startupEnd;
        return end != null && reached(end);
    }

    /** Whether every partition's position is at least the given offset. */
    public boolean reached(Map<TopicPartition, Long> targets) {
        Map<TopicPartition, Long> pos = positions;
        for (Map.Entry<TopicPartition, Long> t : targets.entrySet()) {
            if (pos.getOrDefault(t.getKey(), 0L) < t.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Records that could not be read and were skipped. */
    public long unreadable() {
        return unreadable.get();
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                boolean ruleInput = false;
                for (ConsumerRecord<String, byte[]> r : records) {
                    Optional<SuiteEvent> event = read(r);
                    if (event.isPresent()) {
                        ruleInput |= EventApplier.apply(state, event.get(), Instant.ofEpochMilli(r.timestamp()));
                    }
                }
                Map<TopicPartition, Long> pos = new HashMap<>();
                for (TopicPartition tp : consumer.assignment()) {
                    pos.put(tp, consumer.position(tp));
                }
                positions = pos;
                onApplied.accept(ruleInput);
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("replay stopped unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("replay of the monitor's topics failed", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private Optional<SuiteEvent> read(ConsumerRecord<String, byte[]> r) {
        try {
            return Optional.of(CloudEventRecords.read(r));
        } catch (UnreadableEventException e) {
            skip(r, e.reason());
            return Optional.empty();
        }
    }

    private void skip(ConsumerRecord<String, byte[]> r, String why) {
        unreadable.incrementAndGet();
        LOG.warnf("skipped unreadable record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), why);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
