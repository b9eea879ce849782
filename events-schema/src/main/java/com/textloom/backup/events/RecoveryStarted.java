package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * Disaster recovery began a recovery ({@code disaster_recovery.py recover --scenario ...}).
 *
 * @param recoveryId       id of this recovery (also the correlation id of the restores it requests)
 * @param repository       repository recovered from (the Kafka key)
 * @param scenario         the guide's scenario: database_failure, redis_failure, application_failure,
 *                         storage_failure, full_disaster
 * @param dryRun           true when nothing will be changed
 * @param backupId         the backup chosen to recover from, null when not chosen yet
 * @param components       components to recover
 * @param requestedBy      who asked
 * @param startedAt        when it began
 * @param rtoTargetSeconds the scenario's RTO target
 * @param rpoTargetSeconds the scenario's RPO target
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecoveryStarted(
        String recoveryId,
        String repository,
        String scenario,
        boolean dryRun,
        String backupId,
        List<String> components,
        String requestedBy,
        Instant startedAt,
        long rtoTargetSeconds,
        long rpoTargetSeconds)
        implements SuiteEvent {

    public RecoveryStarted {
        Require.text(recoveryId, "recovery_id");
        Require.text(repository, "repository");
        Require.text(scenario, "scenario");
        components = Require.list(components);
        Require.text(requestedBy, "requested_by");
        Require.present(startedAt, "started_at");
        Require.notNegative(rtoTargetSeconds, "rto_target_seconds");
        Require.notNegative(rpoTargetSeconds, "rpo_target_seconds");
    }
}
