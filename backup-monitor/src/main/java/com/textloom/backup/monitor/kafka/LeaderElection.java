package com.textloom.backup.monitor.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Elects one leader among the monitor instances through Kafka itself (service-support's
 * {@link com.textloom.backup.support.leader.LeaderElection}: the consumer group {@code leaderGroup} on the
 * one-partition {@code leaderTopic}, which {@link TopicSetup} creates).
 *
 * <p>On becoming leader the listener gets the alerts topic's end offsets at that moment: the new leader
 * must have replayed up to them (every record the former leader wrote) before it acts.
 */
public final class LeaderElection implements AutoCloseable {

    private final com.textloom.backup.support.leader.LeaderElection election;

    /**
     * @param onElected called (on the election thread) with the end offsets to replay up to
     * @param onDeposed called when the partition is revoked or lost
     */
    public LeaderElection(
            KafkaSettings kafka, String clientId, Consumer<Map<TopicPartition, Long>> onElected, Runnable onDeposed) {
        this.election = new com.textloom.backup.support.leader.LeaderElection(
                kafka.clientProperties(),
                kafka.leaderTopic(),
                kafka.leaderGroup(),
                clientId,
                "monitor leader",
                false,
                consumer -> {
                    Map<TopicPartition, Long> targets = new HashMap<>();
                    for (PartitionInfo i : consumer.partitionsFor(kafka.alerts())) {
                        targets.put(new TopicPartition(i.topic(), i.partition()), 0L);
                    }
                    targets.putAll(consumer.endOffsets(targets.keySet()));
                    onElected.accept(targets);
                },
                onDeposed);
    }

    public void start() {
        election.start();
    }

    /** Whether this instance owns the leader partition now. */
    public boolean isLeader() {
        return election.isLeader();
    }

    @Override
    public void close() {
        election.close();
    }
}
