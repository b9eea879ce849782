package com.textloom.backup.monitor.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Elects one leader among the monitor instances through Kafka itself: every instance joins the consumer
 * group {@code leaderGroup} on the one-partition {@code leaderTopic}; the group coordinator assigns that
 * partition to exactly one live member, and that member is the leader. When it stops or stops polling
 * (session timeout), the partition, hence the leadership, moves to another member.
 *
 * <p>On becoming leader the listener gets the alerts topic's end offsets at that moment: the new leader
 * must have replayed up to them (every record the former leader wrote) before it acts.
 */
public final class LeaderElection implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    private final KafkaSettings kafka;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Consumer<Map<TopicPartition, Long>> onElected;
    private final Runnable onDeposed;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean leader;

    /**
     * @param onElected called (on the election thread) with the end offsets to replay up to
     * @param onDeposed called when the partition is revoked or lost
     */
    public LeaderElection(KafkaSettings kafka, String clientId, Consumer<Map<TopicPartition, Long>> onElected,
                          Runnable onDeposed) {
        this.kafka = kafka;
        this.onElected = onElected;
        this.onDeposed = onDeposed;
        Properties p = kafka.clientProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.leaderGroup());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-leader");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "60000");
        // sticky: a joining instance does not take the leadership away from a healthy leader
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                org.apache.kafka.clients.consumer.CooperativeStickyAssignor.class.getName());
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "monitor-leader-election");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Whether this instance owns the leader partition now. */
    public boolean isLeader() {
        return leader;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(kafka.leaderTopic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    depose(partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    depose(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (partitions.isEmpty() || leader) {
                        return;
                    }
                    Map<TopicPartition, Long> targets = new HashMap<>();
                    for (PartitionInfo i : consumer.partitionsFor(kafka.alerts())) {
                        targets.put(new TopicPartition(i.topic(), i.partition()), 0L);
                    }
                    targets.putAll(consumer.endOffsets(targets.keySet()));
                    leader = true;
                    LOG.infof("this instance is now the monitor leader (group %s)", kafka.leaderGroup());
                    onElected.accept(targets);
                }
            });
            while (running) {
                consumer.poll(Duration.ofMillis(500));
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("leader election stopped", e);
        } finally {
            if (leader) {
                leader = false;
                onDeposed.run();
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void depose(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty() && leader) {
            leader = false;
            LOG.info("this instance is no longer the monitor leader");
            onDeposed.run();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
