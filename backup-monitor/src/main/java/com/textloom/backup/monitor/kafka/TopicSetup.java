package com.textloom.backup.monitor.kafka;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * Makes sure the topics the monitor replays exist and keep at least the history window (7 days by
 * default), the recovery events at least the longest drill period too (93 days by default, so the last drill of a
 * quarterly scenario is still replayed when its period ends): a missing topic is created with that retention, an
 * existing one with a shorter (finite) retention has it raised. The leader topic is created with one partition.
 */
public final class TopicSetup {

    private static final Logger LOG = Logger.getLogger(TopicSetup.class);
    private static final int EVENT_PARTITIONS = 3;

    private TopicSetup() {}

    public static void ensure(KafkaSettings kafka) {
        Properties p = kafka.clientProperties();
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(p)) {
            Map<String, Long> retention = Map.of(
                    kafka.backupEvents(),
                    kafka.retentionMs(),
                    kafka.alerts(),
                    kafka.retentionMs(),
                    kafka.recoveryEvents(),
                    kafka.recoveryRetentionMs());
            for (String topic : List.of(kafka.backupEvents(), kafka.alerts(), kafka.recoveryEvents())) {
                boolean created = create(
                        admin,
                        new NewTopic(topic, EVENT_PARTITIONS, (short) 1)
                                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.get(topic)))));
                if (!created) {
                    ensureRetention(admin, topic, retention.get(topic));
                }
            }
            create(admin, new NewTopic(kafka.leaderTopic(), 1, (short) 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing topics", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(
                    "cannot prepare the monitor's Kafka topics at " + kafka.bootstrapServers() + ": " + e.getCause(),
                    e);
        }
    }

    /** Creates the topic; false when it already existed. */
    private static boolean create(Admin admin, NewTopic topic)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        try {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            LOG.infof("created topic %s", topic.name());
            return true;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            return false;
        }
    }

    private static void ensureRetention(Admin admin, String topic, long required)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = describe(admin, r);
        ConfigEntry entry = config.get(TopicConfig.RETENTION_MS_CONFIG);
        long current = entry == null ? -1 : Long.parseLong(entry.value());
        if (current >= 0 && current < required) {
            admin.incrementalAlterConfigs(Map.of(
                            r,
                            List.of(new AlterConfigOp(
                                    new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, Long.toString(required)),
                                    AlterConfigOp.OpType.SET))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            LOG.infof("raised retention of %s from %d to %d ms", topic, current, required);
        }
    }

    /**
     * The topic's configuration. A topic another client has just created (another service's consumer, with
     * the broker's auto-creation) may exist for {@code createTopics} and still be unknown to
     * {@code describeConfigs} for a moment: that answer is retried for up to 10 s.
     */
    private static Config describe(Admin admin, ConfigResource r)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return admin.describeConfigs(Set.of(r))
                        .all()
                        .get(30, TimeUnit.SECONDS)
                        .get(r);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
