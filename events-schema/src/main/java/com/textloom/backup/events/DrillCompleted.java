package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * A disaster-recovery drill ended ({@code disaster_recovery.py drill --scenario ...}): the recovery was
 * run against scratch targets, the result compared with what was recorded at backup time, and the time
 * measured against the RTO target.
 *
 * @param drillId          id of the drill (also the correlation id of the restores it requested)
 * @param repository       repository drilled (the Kafka key)
 * @param scenario         the scenario drilled
 * @param status           success (every step passed, restore proven equal), partial or failed
 * @param backupId         the backup restored, null when none was usable
 * @param startedAt        when it began
 * @param completedAt      when it ended
 * @param durationMs       completedAt - startedAt in milliseconds (the measured RTO)
 * @param rtoTargetSeconds the scenario's RTO target
 * @param rtoMet           whether the measured time stayed within the RTO target
 * @param rpoTargetSeconds the scenario's RPO target
 * @param rpoSeconds       age of the restored backup when the drill began, null when unknown
 * @param rpoMet           whether rpoSeconds stayed within the RPO target
 * @param verified         true when the restored data equalled the recorded figures, false when not,
 *                         null when not compared
 * @param steps            the steps, in order
 * @param issues           problems found
 * @param recommendations  suggested improvements
 * @param error            why the drill failed, null on success
 * @param requestedBy      who asked, as the DrillRequested said (the API key's name, cli, scheduler); null in events
 *                         from before the field
 * @param schedule         the scheduler's drill schedule that asked ({@code restore_test}, {@code dr_drill}), as the
 *                         DrillRequested said; null for any other drill
 * @param slot             the scheduled slot that fired, as the DrillRequested said; null for a manual run or any
 *                         other drill
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DrillCompleted(
        String drillId,
        String repository,
        String scenario,
        Outcome status,
        String backupId,
        Instant startedAt,
        Instant completedAt,
        long durationMs,
        long rtoTargetSeconds,
        boolean rtoMet,
        long rpoTargetSeconds,
        Long rpoSeconds,
        boolean rpoMet,
        Boolean verified,
        List<RecoveryStep> steps,
        List<String> issues,
        List<String> recommendations,
        String error,
        String requestedBy,
        String schedule,
        Instant slot)
        implements SuiteEvent {

    public DrillCompleted {
        Require.text(drillId, "drill_id");
        Require.text(repository, "repository");
        Require.text(scenario, "scenario");
        Require.present(status, "status");
        Require.present(startedAt, "started_at");
        Require.present(completedAt, "completed_at");
        Require.notNegative(durationMs, "duration_ms");
        steps = Require.list(steps);
        issues = Require.list(issues);
        recommendations = Require.list(recommendations);
        if (schedule != null && schedule.isBlank()) {
            throw new IllegalArgumentException("schedule must not be blank");
        }
    }

    /** The outcome of drill {@code drillId} of {@code scenario} on {@code repository}, the rest to be set. */
    public static Builder of(String drillId, String repository, String scenario) {
        return new Builder(drillId, repository, scenario);
    }

    /** Builds a drill's outcome: the shared run figures ({@link RunCompletionBuilder}) and the drill's own. */
    public static final class Builder extends RunCompletionBuilder<Builder> {
        private Boolean verified;
        private List<String> issues = List.of();
        private List<String> recommendations = List.of();
        private String requestedBy;
        private String schedule;
        private Instant slot;

        private Builder(String drillId, String repository, String scenario) {
            super(drillId, repository, scenario);
        }

        /** True when the restored data equalled the recorded figures, false when not, null when not compared. */
        public Builder verified(Boolean verified) {
            this.verified = verified;
            return this;
        }

        /** The problems found and the suggested improvements. */
        public Builder findings(List<String> issues, List<String> recommendations) {
            this.issues = issues;
            this.recommendations = recommendations;
            return this;
        }

        /** Who asked, and the scheduler's schedule and slot that asked (both null for any other drill). */
        public Builder requested(String requestedBy, String schedule, Instant slot) {
            this.requestedBy = requestedBy;
            this.schedule = schedule;
            this.slot = slot;
            return this;
        }

        public DrillCompleted build() {
            return new DrillCompleted(
                    id,
                    repository,
                    scenario,
                    status,
                    backupId,
                    startedAt,
                    completedAt,
                    durationMs,
                    rtoTargetSeconds,
                    rtoMet,
                    rpoTargetSeconds,
                    rpoSeconds,
                    rpoMet,
                    verified,
                    steps,
                    issues,
                    recommendations,
                    error,
                    requestedBy,
                    schedule,
                    slot);
        }
    }
}
