package com.textloom.backup.scheduler.messaging;

import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.DrillRequested;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.UnreadableEventException;
import com.textloom.backup.events.VerifyRequested;
import com.textloom.backup.scheduler.schedule.FiredRequestSource;
import com.textloom.backup.scheduler.schedule.ScheduleHistory;
import com.textloom.backup.scheduler.schedule.Slot;
import com.textloom.backup.scheduler.schedule.Trigger;
import com.textloom.backup.support.messaging.CloudEventRecords;
import com.textloom.backup.support.messaging.KafkaClientSecurity;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads the request topics from a point in time up to their current end, once, with a plain consumer that joins no
 * group and commits nothing, and records every request that names a schedule: BackupRequested / RetentionRequested /
 * VerifyRequested on the requests topic, DrillRequested on the recovery requests topic (each drill a part of its
 * schedule's request, {@link ScheduleHistory#recordPart}).
 *
 * <p>This is how a starting scheduler learns which slots were already published, by itself before a restart or
 * by another replica, so that it catches up only slots nobody fired. Records are read as the suite's channels read
 * them ({@link CloudEventRecords}); those it cannot read are skipped here (the manager's consumer dead-letters them).
 */
@ApplicationScoped
public class RequestsTopicReplay implements FiredRequestSource {

    private static final Logger LOG = Logger.getLogger(RequestsTopicReplay.class);
    private static final Set<String> REQUEST_TYPES = Set.of(
            EventTypes.typeOf(BackupRequested.class), EventTypes.typeOf(RetentionRequested.class),
            EventTypes.typeOf(VerifyRequested.class), EventTypes.typeOf(DrillRequested.class));
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mp.messaging.outgoing.requests.topic")
    String topic;

    @ConfigProperty(name = "mp.messaging.outgoing.recovery-requests.topic")
    String recoveryTopic;

    /** The global Kafka configuration the channels use; its security part goes to this consumer too. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Override
    public void replayInto(ScheduleHistory history, Instant since) {
        replayInto(history, since, topic);
        replayInto(history, since, recoveryTopic);
    }

    private void replayInto(ScheduleHistory history, Instant since, String topic) {
        Properties props = new Properties();
        props.putAll(KafkaClientSecurity.of(kafkaConfig));
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "backup-scheduler-replay");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(METADATA_TIMEOUT.toMillis()));
        int seen = 0;
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, METADATA_TIMEOUT);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(query, METADATA_TIMEOUT);
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp offset = start.get(p);
                consumer.seek(p, offset == null ? end.get(p) : offset.offset());
            }
            while (partitions.stream().anyMatch(p -> consumer.position(p, METADATA_TIMEOUT) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))
                            && read(record, history)) {
                        seen++;
                    }
                }
            }
        }
        LOG.infof("read %d schedule request(s) published since %s on %s", seen, since, topic);
    }

    private boolean read(ConsumerRecord<String, byte[]> record, ScheduleHistory history) {
        if (!REQUEST_TYPES.contains(CloudEventRecords.type(record.headers())) || record.value() == null) {
            return false;
        }
        SuiteEvent event;
        try {
            event = CloudEventRecords.read(record);
        } catch (UnreadableEventException e) {
            LOG.debugf(
                    "skipping unreadable request at %s-%d@%d: %s",
                    record.topic(), record.partition(), record.offset(), e.reason());
            return false;
        }
        ScheduleHistory.Fire fire;
        try {
            fire = fireOf(event);
            if (fire == null) {
                return false;
            }
            if (event instanceof DrillRequested drill) {
                history.recordPart(UUID.fromString(drill.requestId()), drill.scenario(), fire);
            } else {
                history.recordFired(fire);
            }
        } catch (IllegalArgumentException notAUuid) {
            return false;
        }
        return true;
    }

    /**
     * The fire a schedule's request records (for a drill: the request of the schedule it is part of), or null for a
     * request no schedule made (no {@code schedule}).
     *
     * @throws IllegalArgumentException if its request id is not a UUID (no scheduler made it)
     */
    private static ScheduleHistory.Fire fireOf(SuiteEvent event) {
        if (event instanceof BackupRequested r) {
            return fire(r.requestId(), r.schedule(), r.slot(), r.requestedAt());
        }
        if (event instanceof RetentionRequested r) {
            return fire(r.requestId(), r.schedule(), r.slot(), r.requestedAt());
        }
        if (event instanceof VerifyRequested r) {
            return fire(r.requestId(), r.schedule(), r.slot(), r.requestedAt());
        }
        if (event instanceof DrillRequested r && r.schedule() != null) {
            // a drill of a slot belongs to the slot's request; a manual run's id is not in its drills: the drill stands
            // for it
            return fire(
                    r.slot() == null
                            ? r.requestId()
                            : new Slot(r.schedule(), r.slot()).requestId().toString(),
                    r.schedule(),
                    r.slot(),
                    r.requestedAt());
        }
        return null;
    }

    private static ScheduleHistory.Fire fire(String requestId, String schedule, Instant slot, Instant requestedAt) {
        if (schedule == null) {
            return null;
        }
        return new ScheduleHistory.Fire(
                UUID.fromString(requestId),
                schedule,
                slot,
                slot == null ? Trigger.MANUAL : Trigger.SCHEDULED,
                requestedAt);
    }
}
