package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * Someone asks disaster recovery to recover from one of the guide's failure scenarios
 * ({@code disaster_recovery.py recover --scenario ...}). Idempotent by {@code requestId}: disaster
 * recovery runs one recovery per request id, and at most one recovery at a time.
 *
 * @param requestId   idempotency key, also the {@code recovery_id} the REST API answers
 * @param repository  repository to recover from (the Kafka key): the service's configured repository
 *                    name unless the requester chose one
 * @param scenario    the guide's scenario: database_failure, redis_failure, application_failure,
 *                    storage_failure, full_disaster
 * @param dryRun      true to build and report the plan, changing nothing
 * @param backupId    the backup to recover from, null = disaster recovery chooses the newest good one
 * @param source      where to read the backup from (local, minio, obs), null = disaster recovery
 *                    chooses (the local repository when readable, else the best remote copy)
 * @param force       true to allow an in-place restore over live data even when
 *                    {@code BACKUP_DR_ALLOW_IN_PLACE} is not set (the live data is still set aside first)
 * @param requestedBy who asked: the API key's name, cli, scheduler (audit USER)
 * @param requestedAt when it was asked
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecoveryRequested(
        String requestId,
        String repository,
        String scenario,
        boolean dryRun,
        String backupId,
        String source,
        boolean force,
        String requestedBy,
        Instant requestedAt)
        implements SuiteEvent {

    public RecoveryRequested {
        Require.text(requestId, "request_id");
        Require.text(repository, "repository");
        Require.text(scenario, "scenario");
        Require.text(requestedBy, "requested_by");
        Require.present(requestedAt, "requested_at");
    }
}
