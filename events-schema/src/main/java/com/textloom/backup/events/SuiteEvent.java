package com.textloom.backup.events;

/**
 * An event of the suite. Implemented only by the records of this package (the interface is sealed),
 * so the list of events is closed and every one of them has a type, a topic, a schema and a golden
 * example.
 *
 * <p>Guarantee: {@link #repository()} is never null or blank; it is the Kafka key of the event, so all
 * events about one repository land in one partition, in order, and one manager instance at a time owns
 * a repository.
 */
public sealed interface SuiteEvent
        permits BackupRequested,
                BackupStarted,
                BackupProgress,
                BackupCompleted,
                RestoreRequested,
                RestoreCompleted,
                VerifyRequested,
                VerifyCompleted,
                RetentionRequested,
                RetentionCompleted,
                StorageSwitchRequested,
                StorageSwitchCompleted,
                AlertRaised,
                AlertResolved,
                AlertAcknowledged,
                RecoveryRequested,
                RecoveryStarted,
                RecoveryCompleted,
                RecoveryDecided,
                DrillRequested,
                DrillCompleted {

    /** The repository this event is about; the Kafka key. */
    String repository();
}
