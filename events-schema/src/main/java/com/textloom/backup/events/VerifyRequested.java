package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/**
 * Someone asks the manager to verify a backup (or the whole repository). Idempotent by {@code requestId}.
 *
 * @param requestId     idempotency key, also the operation id the REST API answers
 * @param repository    repository to verify (the Kafka key)
 * @param backupId      the backup to verify, null = every snapshot and the repository structure
 * @param readData      true to re-read and authenticate every data blob, false to check structure only
 * @param requestedBy   who asked
 * @param requestedAt   when it was asked
 * @param correlationId the recovery or drill this verify is part of, null otherwise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerifyRequested(
        String requestId,
        String repository,
        String backupId,
        boolean readData,
        String requestedBy,
        Instant requestedAt,
        String correlationId) implements SuiteEvent {

    public VerifyRequested {
        Require.text(requestId, "request_id");
        Require.text(repository, "repository");
        Require.text(requestedBy, "requested_by");
        Require.present(requestedAt, "requested_at");
    }
}
