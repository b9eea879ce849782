package com.textloom.backup.monitor.kafka;

import com.textloom.backup.events.AlertAcknowledged;
import com.textloom.backup.events.AlertRaised;
import com.textloom.backup.events.AlertResolved;
import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.ComponentResult;
import com.textloom.backup.events.DrillCompleted;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RecoveryCompleted;
import com.textloom.backup.events.RemoteCopy;
import com.textloom.backup.events.Severity;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.VerifyCompleted;
import com.textloom.backup.monitor.state.Alert;
import com.textloom.backup.monitor.state.BackupResult;
import com.textloom.backup.monitor.state.MonitorState;
import com.textloom.backup.monitor.state.RecoveryRun;
import com.textloom.backup.monitor.state.VerifyResult;
import java.time.Instant;
import java.util.Locale;

/** Translates the suite's events into the monitor's view, and the monitor's alerts into events. */
public final class EventApplier {

    private EventApplier() {}

    /**
     * Applies one event to the state.
     *
     * @param publishedAt the record's timestamp (when a re-notification was published)
     * @return true when it changed something a rule looks at (backup, verify, drill and recovery results)
     */
    public static boolean apply(MonitorState state, SuiteEvent event, Instant publishedAt) {
        if (event instanceof DrillCompleted d) {
            return state.apply(new RecoveryRun(
                    RecoveryRun.DRILL,
                    d.drillId(),
                    d.repository(),
                    d.scenario(),
                    d.status().name().toLowerCase(Locale.ROOT),
                    false,
                    d.startedAt(),
                    d.completedAt(),
                    d.durationMs(),
                    d.rtoTargetSeconds(),
                    d.rtoMet(),
                    d.rpoSeconds(),
                    d.rpoMet(),
                    d.error()));
        } else if (event instanceof RecoveryCompleted r) {
            return state.apply(new RecoveryRun(
                    RecoveryRun.RECOVERY,
                    r.recoveryId(),
                    r.repository(),
                    r.scenario(),
                    r.status().name().toLowerCase(Locale.ROOT),
                    r.dryRun(),
                    r.startedAt(),
                    r.completedAt(),
                    r.durationMs(),
                    r.rtoTargetSeconds(),
                    r.rtoMet(),
                    r.rpoSeconds(),
                    r.rpoMet(),
                    r.error()));
        } else if (event instanceof BackupCompleted b) {
            return state.apply(toResult(b));
        } else if (event instanceof VerifyCompleted v) {
            return state.apply(new VerifyResult(
                    v.repository(),
                    v.backupId(),
                    v.status() == Outcome.SUCCESS,
                    v.damagedBlobs().size(),
                    v.affectedBackups(),
                    v.completedAt(),
                    v.error()));
        } else if (event instanceof AlertRaised r) {
            state.raised(toAlert(r), publishedAt);
        } else if (event instanceof AlertResolved r) {
            state.resolved(r.alertId(), r.resolvedAt());
        } else if (event instanceof AlertAcknowledged a) {
            state.acknowledged(a.alertId(), a.acknowledgedAt(), a.acknowledgedBy());
        }
        return false;
    }

    static BackupResult toResult(BackupCompleted b) {
        return new BackupResult(
                b.backupId(),
                b.repository(),
                b.type().name().toLowerCase(Locale.ROOT),
                BackupResult.Status.valueOf(b.status().name()),
                b.completedAt(),
                b.durationMs(),
                b.components().stream().map(EventApplier::toOutcome).toList(),
                b.remoteCopies().stream().map(EventApplier::toCopy).toList(),
                b.error());
    }

    private static BackupResult.ComponentOutcome toOutcome(ComponentResult c) {
        return new BackupResult.ComponentOutcome(
                c.component(),
                c.status() == Outcome.SUCCESS,
                c.bytesRead(),
                c.bytesNew(),
                c.bytesStored(),
                c.files(),
                c.durationMs(),
                c.error());
    }

    private static BackupResult.RemoteCopyOutcome toCopy(RemoteCopy r) {
        return new BackupResult.RemoteCopyOutcome(r.backend(), r.status() == Outcome.SUCCESS, r.error());
    }

    /** The alert an AlertRaised describes. */
    public static Alert toAlert(AlertRaised r) {
        String subject = r.labels().getOrDefault(Alert.SUBJECT_LABEL, r.fingerprint());
        return new Alert(
                r.alertId(),
                r.fingerprint(),
                r.rule(),
                r.severity().name().toLowerCase(Locale.ROOT),
                subject,
                r.repository(),
                r.component(),
                r.message(),
                r.raisedAt(),
                r.notification(),
                null,
                null,
                null,
                null);
    }

    /** The AlertRaised of an alert (its current notification number). */
    public static AlertRaised toEvent(Alert a) {
        return new AlertRaised(
                a.alertId(),
                a.fingerprint(),
                a.rule(),
                Severity.valueOf(a.severity().toUpperCase(Locale.ROOT)),
                a.message(),
                a.repository(),
                a.component(),
                null,
                a.raisedAt(),
                a.notifications(),
                a.labels());
    }
}
