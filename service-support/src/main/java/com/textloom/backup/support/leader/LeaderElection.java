package com.textloom.backup.support.leader;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One leader among the replicas of a service, elected by Kafka itself (the monitor's leader, disaster recovery's
 * automatic recovery): every replica joins the consumer group {@code group} on the one-partition topic {@code topic};
 * the group coordinator assigns that partition to exactly one live member, the leader. When it stops, or stops
 * polling for the session timeout (10 s), the partition, hence the leadership, moves to another member. A joining
 * replica does not take the leadership from a live leader (cooperative sticky assignment).
 *
 * <p>Guarantee: {@link #isLeader()} is true on at most one live member at a time, apart from a handover, where the
 * old leader learns it lost the partition when the coordinator revokes it (or it is lost after the session timeout).
 * Callbacks run on the election's own thread; {@code onElected} gets the election's consumer, to read topic
 * metadata (partitions, end offsets) at the moment of the election.
 */
public final class LeaderElection implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    private final String topic;
    private final String group;
    private final String role;
    private final boolean createTopic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Properties admin = new Properties();
    private final java.util.function.Consumer<Consumer<byte[], byte[]>> onElected;
    private final Runnable onDeposed;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean leader;

    /**
     * @param client      the Kafka client settings every member's consumer and admin client take:
     *                    {@code bootstrap.servers} and the broker's security settings (see
     *                    {@code KafkaClientSecurity})
     * @param role        what the leader does, in log lines ({@code monitor leader})
     * @param createTopic create {@code topic} with one partition when it is missing (retried every 5 s until it
     *                    works or the election is closed)
     * @param onElected   called when this member becomes the leader
     * @param onDeposed   called when it no longer is (revoked, lost, or closing)
     */
    public LeaderElection(Map<?, ?> client, String topic, String group, String member, String role,
                          boolean createTopic, java.util.function.Consumer<Consumer<byte[], byte[]>> onElected,
                          Runnable onDeposed) {
        this.topic = topic;
        this.group = group;
        this.role = role;
        this.createTopic = createTopic;
        this.onElected = onElected;
        this.onDeposed = onDeposed;
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, member + "-leader");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "60000");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        admin.putAll(client);
        this.thread = new Thread(this::run, role.replace(' ', '-') + "-election");
        this.thread.setDaemon(true);
    }

    /** A member name for this process: host name and process id ({@code localhost} when the host has no name). */
    public static String hostAndPid() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + "-" + java.lang.management.ManagementFactory.getRuntimeMXBean().getPid();
    }

    /** Joins the election (on its own thread). */
    public LeaderElection start() {
        thread.start();
        return this;
    }

    /** Whether this member holds the leader partition now. */
    public boolean isLeader() {
        return leader;
    }

    private void run() {
        while (running && createTopic) {
            try {
                ensureTopic();
                break;
            } catch (RuntimeException e) {
                LOG.warnf("leader topic %s not ready (%s); retrying in 5 s", topic, e.getMessage());
                pause();
            }
        }
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
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
                    leader = true;
                    LOG.infof("this instance is now the %s (group %s)", role, group);
                    onElected.accept(consumer);
                }
            });
            while (running) {
                consumer.poll(Duration.ofMillis(500));
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("leader election stopped: this instance is not the " + role, e);
        } finally {
            if (leader) {
                leader = false;
                onDeposed.run();
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void ensureTopic() {
        try (Admin a = Admin.create(admin)) {
            a.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of("retention.ms", "3600000")))).all().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no answer from the broker within 15 s", e);
        }
    }

    private void depose(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty() && leader) {
            leader = false;
            LOG.infof("this instance is no longer the %s", role);
            onDeposed.run();
        }
    }

    private void pause() {
        try {
            Thread.sleep(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
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
