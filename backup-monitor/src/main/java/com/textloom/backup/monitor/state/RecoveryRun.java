package com.textloom.backup.monitor.state;

import java.time.Instant;

/**
 * A finished drill or recovery of disaster-recovery, as its DrillCompleted / RecoveryCompleted said.
 *
 * @param kind             {@link #DRILL} or {@link #RECOVERY}
 * @param id               the drill or recovery id
 * @param repository       repository drilled or recovered from
 * @param scenario         the guide's scenario (database_failure, redis_failure, full_disaster ...)
 * @param status           success, partial or failed
 * @param dryRun           a recovery that changed nothing (always false for a drill)
 * @param startedAt        when it began
 * @param completedAt      when it ended
 * @param durationMs       the measured RTO
 * @param rtoTargetSeconds the scenario's RTO target
 * @param rtoMet           whether the measured time stayed within the target
 * @param rpoSeconds       age of the backup restored when it began, null when unknown
 * @param rpoMet           whether that age stayed within the RPO target
 * @param error            why it failed, null on success
 */
public record RecoveryRun(
        String kind,
        String id,
        String repository,
        String scenario,
        String status,
        boolean dryRun,
        Instant startedAt,
        Instant completedAt,
        long durationMs,
        long rtoTargetSeconds,
        boolean rtoMet,
        Long rpoSeconds,
        boolean rpoMet,
        String error) {

    public static final String DRILL = "drill";
    public static final String RECOVERY = "recovery";
    public static final String SUCCESS = "success";

    public boolean drill() {
        return DRILL.equals(kind);
    }

    public boolean succeeded() {
        return SUCCESS.equals(status);
    }

    /** "Drill d1 of redis_failure (repository main) failed: why", for an alert's message. */
    public String outcome() {
        return (drill() ? "Drill " : "Recovery ") + id + " of " + scenario + " (repository " + repository + ") "
                + (succeeded() ? "succeeded" : "partial".equals(status) ? "was partial" : "failed")
                + (error == null ? "" : ": " + error);
    }

    /** A successful run whose measured time went over the RTO target. */
    public boolean overRto() {
        return succeeded() && !rtoMet;
    }
}
