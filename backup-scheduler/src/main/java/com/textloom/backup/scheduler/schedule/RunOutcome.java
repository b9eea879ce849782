package com.textloom.backup.scheduler.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * How a request ended, as reported by the service that ran it: the manager (BackupCompleted, RetentionCompleted,
 * VerifyCompleted) or disaster-recovery (DrillCompleted, one per drill of a drill schedule's request).
 *
 * @param requestId  the request it answers (for a drill: the drill's id, which is also its report's id)
 * @param status     {@code success}, {@code partial} or {@code failed}
 * @param finishedAt when it finished
 * @param resultId   the backup (snapshot) id it produced, or for a drill the backup it restored; null if none
 * @param error      the error message of a failure, if any (for a verify that found damage: what it found)
 * @param drill      what a drill measured and proved; null for anything but a drill
 * @param parts      for a drill schedule's slot (see {@link ScheduleHistory#lastOutcome}): each of its drills that
 *                   answered, by scenario; empty for anything else
 * @param pending    for a drill schedule's slot: the scenarios whose drill has not answered yet; empty for anything else
 */
public record RunOutcome(
        UUID requestId,
        String status,
        Instant finishedAt,
        String resultId,
        String error,
        Drill drill,
        List<RunOutcome> parts,
        List<String> pending) {

    /**
     * What disaster-recovery's DrillCompleted reports about one drill.
     *
     * @param scenario         the scenario drilled
     * @param verified         true when the restored data equalled the figures recorded at backup time, false when
     *                         not, null when not compared
     * @param durationMs       the measured RTO
     * @param rtoTargetSeconds the scenario's RTO target
     * @param rtoMet           whether the measured RTO stayed within the target
     * @param schedule         the drill schedule that asked, as the DrillCompleted says; null for a drill no schedule
     *                         asked for (or a DrillCompleted from before the field)
     * @param slot             the slot that fired, as the DrillCompleted says; null for a manual run
     */
    public record Drill(
            String scenario,
            Boolean verified,
            long durationMs,
            long rtoTargetSeconds,
            boolean rtoMet,
            String schedule,
            Instant slot) {

        /** A drill that names no schedule or slot. */
        public Drill(String scenario, Boolean verified, long durationMs, long rtoTargetSeconds, boolean rtoMet) {
            this(scenario, verified, durationMs, rtoTargetSeconds, rtoMet, null, null);
        }

        public Drill {
            Objects.requireNonNull(scenario, "scenario");
        }
    }

    /** The outcome of a request that is not a drill. */
    public RunOutcome(UUID requestId, String status, Instant finishedAt, String resultId, String error) {
        this(requestId, status, finishedAt, resultId, error, null);
    }

    /** The outcome of one request or one drill (no parts). */
    public RunOutcome(UUID requestId, String status, Instant finishedAt, String resultId, String error, Drill drill) {
        this(requestId, status, finishedAt, resultId, error, drill, List.of(), List.of());
    }

    public RunOutcome {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(finishedAt, "finishedAt");
        parts = parts == null ? List.of() : List.copyOf(parts);
        pending = pending == null ? List.of() : List.copyOf(pending);
    }
}
