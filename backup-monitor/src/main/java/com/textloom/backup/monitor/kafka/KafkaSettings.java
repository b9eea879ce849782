package com.textloom.backup.monitor.kafka;

import java.util.Map;
import java.util.Properties;

/**
 * Where the monitor reads and writes, and how its plain Kafka clients log in.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param backupEvents     topic of BackupCompleted, VerifyCompleted ... (Topics.BACKUP_EVENTS)
 * @param alerts           topic of AlertRaised, AlertResolved, AlertAcknowledged (Topics.ALERTS)
 * @param recoveryEvents   topic of RecoveryStarted, RecoveryCompleted, DrillCompleted, RecoveryDecided
 *                         (Topics.RECOVERY_EVENTS)
 * @param leaderTopic      one-partition topic whose owner in {@link #leaderGroup} is the leader
 * @param leaderGroup      consumer group of every monitor instance for the leader election
 * @param retentionMs      the least retention the read topics must have (the history window)
 * @param recoveryRetentionMs the least retention of {@link #recoveryEvents}: the history window or the longest
 *                         drill period, whichever is longer (a drill must still be there when its period ends)
 * @param security         the broker's security settings ({@code security.protocol}, {@code sasl.*},
 *                         {@code ssl.*}), those of the service's channels (service-support's
 *                         {@code KafkaClientSecurity}); empty = PLAINTEXT
 */
public record KafkaSettings(
        String bootstrapServers,
        String backupEvents,
        String alerts,
        String recoveryEvents,
        String leaderTopic,
        String leaderGroup,
        long retentionMs,
        long recoveryRetentionMs,
        Map<String, Object> security) {

    public KafkaSettings {
        security = Map.copyOf(security);
    }

    /** Settings for a PLAINTEXT broker. */
    public KafkaSettings(
            String bootstrapServers,
            String backupEvents,
            String alerts,
            String recoveryEvents,
            String leaderTopic,
            String leaderGroup,
            long retentionMs,
            long recoveryRetentionMs) {
        this(
                bootstrapServers,
                backupEvents,
                alerts,
                recoveryEvents,
                leaderTopic,
                leaderGroup,
                retentionMs,
                recoveryRetentionMs,
                Map.of());
    }

    /** The start of every plain client's configuration: the bootstrap servers and the security settings. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(security);
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }

    /** The security settings hold a password: not printed. */
    @Override
    public String toString() {
        return "KafkaSettings[" + bootstrapServers + ", " + backupEvents + ", " + alerts + ", " + recoveryEvents + ", "
                + leaderTopic + ", " + leaderGroup + ", " + retentionMs + ", " + recoveryRetentionMs + ", security "
                + security.getOrDefault("security.protocol", "PLAINTEXT") + "]";
    }
}
