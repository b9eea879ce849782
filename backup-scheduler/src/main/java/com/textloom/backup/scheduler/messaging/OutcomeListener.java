package com.textloom.backup.scheduler.messaging;

import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.DrillCompleted;
import com.textloom.backup.events.RetentionCompleted;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.VerifyCompleted;
import com.textloom.backup.scheduler.schedule.RunOutcome;
import com.textloom.backup.scheduler.schedule.ScheduleHistory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows the manager's results on the backup events topic (BackupCompleted, RetentionCompleted, VerifyCompleted) and
 * disaster-recovery's on the recovery events topic (DrillCompleted) and records, per request id, how each run ended, so
 * {@code GET /api/schedules} shows each schedule's last outcome. Every replica reads both topics from the
 * beginning on start (its own consumer group), so the view survives restarts with nothing stored locally.
 *
 * <p>Other events of the suite on that topic are skipped. A record that is not a readable event of the suite
 * (no CloudEvents type, an unknown type, not JSON, not matching its schema) never reaches these methods: the
 * suite's deserializer fails it. The per-replica channel skips it (it re-reads the topic on every start);
 * service-support's {@code DeadLettersOnly}, reading the topic once for the service in the group
 * {@code backup-scheduler}, sends it to {@code textloom.backup.events.dlq} with the reason in the
 * {@code dead-letter-reason} header, then goes on ({@code SuiteDeadLetters}). Unreadable records of the
 * recovery events topic are only skipped here: the monitor dead-letters them for the suite.
 */
@ApplicationScoped
public class OutcomeListener {

    private static final Logger LOG = Logger.getLogger(OutcomeListener.class);

    @Inject
    ScheduleHistory history;

    @Incoming(Channels.BACKUP_EVENTS)
    public void onEvent(SuiteEvent event) {
        toOutcome(event).ifPresent(outcome -> {
            history.recordOutcome(outcome);
            LOG.debugf("request %s ended: %s", outcome.requestId(), outcome.status());
        });
    }

    /** DrillCompleted of disaster-recovery: a drill schedule's drills; its other events are skipped. */
    @Incoming(Channels.RECOVERY_EVENTS)
    public void onRecoveryEvent(SuiteEvent event) {
        onEvent(event);
    }

    /**
     * The outcome a result event reports (BackupCompleted, VerifyCompleted, RetentionCompleted, DrillCompleted), keyed
     * by its request id (a drill's: its drill id); empty for any other event and for an id that is not a UUID (no
     * scheduler made it).
     */
    public static Optional<RunOutcome> toOutcome(SuiteEvent event) {
        try {
            if (event instanceof BackupCompleted c) {
                return Optional.of(new RunOutcome(
                        UUID.fromString(c.requestId()), status(c.status()), c.completedAt(), c.backupId(), c.error()));
            }
            if (event instanceof VerifyCompleted c) {
                return Optional.of(new RunOutcome(
                        UUID.fromString(c.requestId()), status(c.status()), c.completedAt(), null, verifyError(c)));
            }
            if (event instanceof DrillCompleted c) {
                return Optional.of(new RunOutcome(
                        UUID.fromString(c.drillId()),
                        status(c.status()),
                        c.completedAt(),
                        c.backupId(),
                        c.error(),
                        new RunOutcome.Drill(
                                c.scenario(),
                                c.verified(),
                                c.durationMs(),
                                c.rtoTargetSeconds(),
                                c.rtoMet(),
                                c.schedule(),
                                c.slot())));
            }
            if (event instanceof RetentionCompleted c) {
                return Optional.of(new RunOutcome(
                        UUID.fromString(c.requestId()), status(c.status()), c.completedAt(), null, c.error()));
            }
        } catch (IllegalArgumentException notAUuid) {
            // a request id that is not a UUID was not made by a scheduler: it belongs to no schedule
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The verify's error, else what it found damaged (a verify that finds damage has no error of its own). */
    static String verifyError(VerifyCompleted c) {
        if (c.error() != null || c.damagedBlobs().isEmpty()) {
            return c.error();
        }
        return c.damagedBlobs().size() + " damaged blob(s), "
                + c.affectedBackups().size() + " backup(s) affected"
                + (c.affectedBackups().isEmpty()
                        ? ""
                        : ": "
                                + String.join(
                                        ", ",
                                        c.affectedBackups().stream().limit(5).toList())
                                + (c.affectedBackups().size() > 5 ? ", ..." : ""));
    }

    private static String status(com.textloom.backup.events.Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }
}
