package com.textloom.backup.recovery.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * A recovery or a drill as served by {@code GET /api/recoveries/{id}} / {@code GET /api/drills/{id}} and kept in
 * the state directory (DR-API.md): exactly one of {@code recoveryId} and {@code drillId} is set. Immutable: the
 * engine records a new one at every change of a step.
 *
 * @param status             {@value #PLANNED} (accepted, not started), {@value #RUNNING}, {@value #SUCCESS},
 *                           {@value #FAILED}; a dry run ends {@value #SUCCESS} when its plan could be built
 * @param rtoMet             whether the measured RTO stayed within the target (null while running, for dry runs)
 * @param measuredRtoMs      the time from the first step until the data was back and proven (cleanup excluded)
 * @param rpoSeconds         age of the backup restored from when the run began (the data-loss window)
 * @param achievableRpoSeconds schedule interval + age of the newest good backup (drills)
 * @param verified           true when every restored component was proven equal, false when not, null when not compared
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunReport(
        String recoveryId,
        String drillId,
        String scenario,
        boolean dryRun,
        boolean force,
        boolean keep,
        String status,
        String backupId,
        String source,
        String requestedBy,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt,
        Long durationMs,
        long rtoTargetSeconds,
        long rpoTargetSeconds,
        Long measuredRtoMs,
        Boolean rtoMet,
        Long rpoSeconds,
        Long achievableRpoSeconds,
        Boolean rpoMet,
        @JsonInclude(JsonInclude.Include.ALWAYS) Boolean verified,
        String error,
        List<StepRecord> steps,
        RunPlan plan,
        List<ProofItem> proof,
        List<String> issues,
        List<String> recommendations) {

    public static final String PLANNED = "planned";
    public static final String RUNNING = "running";
    public static final String SUCCESS = "success";
    public static final String FAILED = "failed";

    public RunReport {
        steps = steps == null ? List.of() : List.copyOf(steps);
        proof = proof == null ? List.of() : List.copyOf(proof);
        issues = issues == null ? List.of() : List.copyOf(issues);
        recommendations = recommendations == null ? List.of() : List.copyOf(recommendations);
    }

    /** The recovery or drill id. */
    @JsonIgnore
    public String id() {
        return recoveryId != null ? recoveryId : drillId;
    }

    @JsonIgnore
    public boolean isDrill() {
        return drillId != null;
    }

    @JsonIgnore
    public boolean finished() {
        return SUCCESS.equals(status) || FAILED.equals(status);
    }

    /** This report ended by a stop of the service while it ran: failed, its running step too, with the reason. */
    public RunReport interrupted(Instant now) {
        String reason = "disaster-recovery stopped while this " + (isDrill() ? "drill" : "recovery")
                + " was running; its outcome is unknown: check the assessment and the manager's operations ("
                + "GET /api/operations/{id} for the restore ids in the steps) before running it again";
        List<StepRecord> s = steps.stream()
                .map(st -> StepRecord.RUNNING.equals(st.status())
                        ? new StepRecord(
                                st.name(), StepRecord.FAILED, st.startedAt(), st.durationMs(), reason, st.output())
                        : st)
                .toList();
        return new RunReport(
                recoveryId,
                drillId,
                scenario,
                dryRun,
                force,
                keep,
                FAILED,
                backupId,
                source,
                requestedBy,
                createdAt,
                startedAt,
                now,
                startedAt == null ? null : now.toEpochMilli() - startedAt.toEpochMilli(),
                rtoTargetSeconds,
                rpoTargetSeconds,
                measuredRtoMs,
                rtoMet,
                rpoSeconds,
                achievableRpoSeconds,
                rpoMet,
                verified,
                reason,
                s,
                plan,
                proof,
                issues,
                recommendations);
    }
}
