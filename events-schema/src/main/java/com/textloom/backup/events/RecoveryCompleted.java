package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * A recovery ended; the measured duration is the achieved RTO.
 *
 * @param recoveryId       id of the recovery
 * @param repository       repository recovered from (the Kafka key)
 * @param scenario         the scenario
 * @param status           success, partial or failed
 * @param dryRun           true when nothing was changed
 * @param backupId         the backup recovered from, null when none was usable
 * @param startedAt        when it began
 * @param completedAt      when it ended
 * @param durationMs       completedAt - startedAt in milliseconds (the achieved RTO)
 * @param rtoTargetSeconds the scenario's RTO target
 * @param rtoMet           whether the duration stayed within the RTO target
 * @param rpoTargetSeconds the scenario's RPO target
 * @param rpoSeconds       data-loss window: age of the recovered backup when the recovery began, null when unknown
 * @param rpoMet           whether rpoSeconds stayed within the RPO target
 * @param steps            the steps, in order
 * @param error            why it failed, null on success
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecoveryCompleted(
        String recoveryId,
        String repository,
        String scenario,
        Outcome status,
        boolean dryRun,
        String backupId,
        Instant startedAt,
        Instant completedAt,
        long durationMs,
        long rtoTargetSeconds,
        boolean rtoMet,
        long rpoTargetSeconds,
        Long rpoSeconds,
        boolean rpoMet,
        List<RecoveryStep> steps,
        String error)
        implements SuiteEvent {

    public RecoveryCompleted {
        Require.text(recoveryId, "recovery_id");
        Require.text(repository, "repository");
        Require.text(scenario, "scenario");
        Require.present(status, "status");
        Require.present(startedAt, "started_at");
        Require.present(completedAt, "completed_at");
        Require.notNegative(durationMs, "duration_ms");
        steps = Require.list(steps);
    }

    /** The outcome of recovery {@code recoveryId} of {@code scenario} from {@code repository}, the rest to be set. */
    public static Builder of(String recoveryId, String repository, String scenario) {
        return new Builder(recoveryId, repository, scenario);
    }

    /** Builds a recovery's outcome: the shared run figures ({@link RunCompletionBuilder}) and whether it was dry. */
    public static final class Builder extends RunCompletionBuilder<Builder> {
        private boolean dryRun;

        private Builder(String recoveryId, String repository, String scenario) {
            super(recoveryId, repository, scenario);
        }

        /** True when nothing was changed. */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        public RecoveryCompleted build() {
            return new RecoveryCompleted(
                    id,
                    repository,
                    scenario,
                    status,
                    dryRun,
                    backupId,
                    startedAt,
                    completedAt,
                    durationMs,
                    rtoTargetSeconds,
                    rtoMet,
                    rpoTargetSeconds,
                    rpoSeconds,
                    rpoMet,
                    steps,
                    error);
        }
    }
}
