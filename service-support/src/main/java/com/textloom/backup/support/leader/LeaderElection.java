package com.textloom.backup.support.leader;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

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
 *
 * <p><b>Lease.</b> The client learns that it lost the partition only once it reaches the coordinator again, so a
 * leader cut off from the broker (or paused longer than the session) still believes it leads while another member
 * already does. {@link #holdsLease()} closes that window: while leading, the election commits the leader
 * partition's offset every {@link #RENEW_EVERY}; the coordinator accepts the commit only from the member of the
 * current generation and, for this (classic) group protocol, restarts the member's session on it. So after a
 * commit <em>sent</em> at time t succeeded, no other member can be given the partition before t + the session
 * timeout ({@link #SESSION}). The lease is held until t + session − {@link #LEASE_MARGIN}; a leader whose lease has
 * run out must stop acting: the partition may pass to another member {@code LEASE_MARGIN} later. Limit: a member
 * that has not rejoined a rebalance within the rebalance timeout (60 s, longer than the session) is removed then;
 * its lease has run out long before, as no commit succeeds during a rebalance it does not take part in.
 */
public final class LeaderElection implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LeaderElection.class);
    /** The session timeout of every member: a member silent this long loses the partition. */
    public static final Duration SESSION = Duration.ofSeconds(10);
    /** How often a leader renews its lease. */
    public static final Duration RENEW_EVERY = Duration.ofSeconds(1);
    /** How long before the earliest possible handover a lease ends (clock rates, the check-then-act gap). */
    public static final Duration LEASE_MARGIN = Duration.ofSeconds(2);

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
    /** {@link System#nanoTime()} when the lease ends; meaningful while {@link #leader}. */
    private volatile long leaseEnds;

    private TopicPartition held;
    private long nextRenewal;

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
    public LeaderElection(
            Map<?, ?> client,
            String topic,
            String group,
            String member,
            String role,
            boolean createTopic,
            java.util.function.Consumer<Consumer<byte[], byte[]>> onElected,
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
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(SESSION.toMillis()));
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
        return host + "-"
                + java.lang.management.ManagementFactory.getRuntimeMXBean().getPid();
    }

    /** Joins the election (on its own thread). */
    public LeaderElection start() {
        thread.start();
        return this;
    }

    /** Whether this member holds the leader partition now, as far as it knows (see {@link #holdsLease()}). */
    public boolean isLeader() {
        return leader;
    }

    /**
     * Whether this member is the leader and no other member can be elected before {@link #LEASE_MARGIN} from now
     * (class comment, "Lease"). From the election until the first renewal, the lease runs from the moment the
     * assignment was seen.
     */
    public boolean holdsLease() {
        return leader && System.nanoTime() - leaseEnds < 0;
    }

    /**
     * Whether this member believes it leads but its lease has run out: it must stop acting as the leader now (another
     * member may be elected {@link #LEASE_MARGIN} later). False for a member that is not the leader.
     */
    public boolean leaseExpired() {
        return leader && System.nanoTime() - leaseEnds >= 0;
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
                    held = partitions.iterator().next();
                    leaseEnds = System.nanoTime() + SESSION.minus(LEASE_MARGIN).toNanos();
                    nextRenewal = System.nanoTime();
                    leader = true;
                    LOG.infof("this instance is now the %s (group %s)", role, group);
                    onElected.accept(consumer);
                }
            });
            while (running) {
                consumer.poll(Duration.ofMillis(500));
                if (leader && System.nanoTime() - nextRenewal >= 0) {
                    renewLease();
                }
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

    /**
     * Commits the leader partition's offset as this generation's member; on success the lease runs until the moment
     * the commit was sent plus the session, minus the margin. A failed commit (not the member of this generation any
     * more, a rebalance, the coordinator unreachable within a second) renews nothing.
     */
    private void renewLease() {
        long sent = System.nanoTime();
        nextRenewal = sent + RENEW_EVERY.toNanos();
        try {
            consumer.commitSync(Map.of(held, new OffsetAndMetadata(0)), RENEW_EVERY);
            leaseEnds = sent + SESSION.minus(LEASE_MARGIN).toNanos();
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.debugf("lease of the %s not renewed: %s", role, e.toString());
        }
    }

    private void ensureTopic() {
        try (Admin a = Admin.create(admin)) {
            a.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                            .configs(Map.of("retention.ms", "3600000"))))
                    .all()
                    .get(15, TimeUnit.SECONDS);
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
