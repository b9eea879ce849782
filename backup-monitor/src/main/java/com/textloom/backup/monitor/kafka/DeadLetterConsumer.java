package com.textloom.backup.monitor.kafka;

import com.textloom.backup.events.SuiteEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Sends what the monitor cannot read to the dead-letter topic, once for the whole service.
 *
 * <p>The monitor's state comes from {@link EventLog}, which every instance replays from the beginning on
 * every start: were it to dead-letter, each unreadable record would be copied once per replica and restart.
 * This consumer instead reads the backup-events, alerts and recovery-events topics in the consumer group
 * {@code backup-monitor} (the service's name, shared by its replicas, offsets committed), through SmallRye
 * channels with the suite's defaults (service-support's {@code MessagingDefaults}): a record that is not
 * JSON, has no or an unknown {@code ce_type}, or breaks its schema never reaches these methods; the
 * connector writes its original bytes to {@code <topic>.dlq} with the reason in the {@code dead-letter-reason}
 * header, commits, and goes on with the next record. Readable events need nothing here: the replay
 * applies them.
 */
@ApplicationScoped
public class DeadLetterConsumer {

    /** Incoming: the backup events topic (BackupCompleted, VerifyCompleted ...), for dead letters only. */
    public static final String BACKUP_EVENTS = "backup-events";
    /** Incoming: the alerts topic (AlertRaised, AlertResolved, AlertAcknowledged), for dead letters only. */
    public static final String ALERTS = "alerts";
    /** Incoming: disaster-recovery's events topic (DrillCompleted, RecoveryCompleted ...), for dead letters only. */
    public static final String RECOVERY_EVENTS = "recovery-events";

    @Incoming(BACKUP_EVENTS)
    void backupEvent(SuiteEvent readable) {
        // applied by the replay (EventLog)
    }

    @Incoming(ALERTS)
    void alert(SuiteEvent readable) {
        // applied by the replay (EventLog)
    }

    @Incoming(RECOVERY_EVENTS)
    void recoveryEvent(SuiteEvent readable) {
        // applied by the replay (EventLog)
    }
}
