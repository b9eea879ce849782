package com.textloom.backup.monitor.kafka;

/**
 * Where the monitor reads and writes.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param backupEvents     topic of BackupCompleted, VerifyCompleted ... (Topics.BACKUP_EVENTS)
 * @param alerts           topic of AlertRaised, AlertResolved, AlertAcknowledged (Topics.ALERTS)
 * @param leaderTopic      one-partition topic whose owner in {@link #leaderGroup} is the leader
 * @param leaderGroup      consumer group of every monitor instance for the leader election
 * @param retentionMs      the least retention the read topics must have (the history window)
 */
public record KafkaSettings(String bootstrapServers, String backupEvents, String alerts, String leaderTopic,
                            String leaderGroup, long retentionMs) {
}
