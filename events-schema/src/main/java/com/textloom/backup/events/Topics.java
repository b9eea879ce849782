package com.textloom.backup.events;

import java.util.Map;

/**
 * Kafka topic names of the suite, and which topic each event travels on.
 *
 * <p>Every topic is keyed by repository name ({@link #keyOf(SuiteEvent)}), so the events about one
 * repository are ordered in one partition. Services name their channels in code and map them to these
 * topics in {@code application.properties}.
 *
 * <p>Dead letters: a consumer that cannot read a record of topic {@code T} (not JSON, unknown type,
 * wrong schema) sends it unchanged to {@code T.dlq} ({@link #deadLetter(String)}) with the reason in
 * headers, and goes on consuming.
 */
public final class Topics {

    /** BackupRequested, RestoreRequested, VerifyRequested, RetentionRequested, StorageSwitchRequested: work for the manager. */
    public static final String REQUESTS = "textloom.backup.requests";
    /** BackupStarted, BackupProgress, BackupCompleted, RestoreCompleted, VerifyCompleted, RetentionCompleted, StorageSwitchCompleted. */
    public static final String BACKUP_EVENTS = "textloom.backup.events";
    /** AlertRaised, AlertResolved, AlertAcknowledged. */
    public static final String ALERTS = "textloom.alerts";
    /** RecoveryRequested, DrillRequested: work for disaster recovery. */
    public static final String RECOVERY_REQUESTS = "textloom.recovery.requests";
    /** RecoveryStarted, RecoveryCompleted, DrillCompleted, RecoveryDecided. */
    public static final String RECOVERY_EVENTS = "textloom.recovery.events";
    /** Suffix of a topic's dead-letter topic. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    private static final Map<Class<? extends SuiteEvent>, String> TOPIC_OF = Map.ofEntries(
            Map.entry(BackupRequested.class, REQUESTS),
            Map.entry(RestoreRequested.class, REQUESTS),
            Map.entry(VerifyRequested.class, REQUESTS),
            Map.entry(RetentionRequested.class, REQUESTS),
            Map.entry(StorageSwitchRequested.class, REQUESTS),
            Map.entry(BackupStarted.class, BACKUP_EVENTS),
            Map.entry(BackupProgress.class, BACKUP_EVENTS),
            Map.entry(BackupCompleted.class, BACKUP_EVENTS),
            Map.entry(RestoreCompleted.class, BACKUP_EVENTS),
            Map.entry(VerifyCompleted.class, BACKUP_EVENTS),
            Map.entry(RetentionCompleted.class, BACKUP_EVENTS),
            Map.entry(StorageSwitchCompleted.class, BACKUP_EVENTS),
            Map.entry(AlertRaised.class, ALERTS),
            Map.entry(AlertResolved.class, ALERTS),
            Map.entry(AlertAcknowledged.class, ALERTS),
            Map.entry(RecoveryRequested.class, RECOVERY_REQUESTS),
            Map.entry(DrillRequested.class, RECOVERY_REQUESTS),
            Map.entry(RecoveryStarted.class, RECOVERY_EVENTS),
            Map.entry(RecoveryCompleted.class, RECOVERY_EVENTS),
            Map.entry(RecoveryDecided.class, RECOVERY_EVENTS),
            Map.entry(DrillCompleted.class, RECOVERY_EVENTS));

    private Topics() {}

    /** The topic events of this class are published on; never null for a {@link SuiteEvent} class. */
    public static String topicOf(Class<? extends SuiteEvent> eventClass) {
        String topic = TOPIC_OF.get(eventClass);
        if (topic == null) {
            throw new IllegalArgumentException("no topic for " + eventClass.getName());
        }
        return topic;
    }

    /** The Kafka key of an event: its repository name. */
    public static String keyOf(SuiteEvent event) {
        return event.repository();
    }

    /** The dead-letter topic of {@code topic}: {@code topic + ".dlq"}. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
