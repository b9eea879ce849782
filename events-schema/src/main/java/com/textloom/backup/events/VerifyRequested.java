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
 * @param source        the repository to verify it in: {@code local} (the manager's configured one) or a remote's
 *                      location as the manager shows it, no credentials; null = the repository the manager uses now
 * @param readDataPercent with {@code readData}: the share of packs (1–100) whose data is read, drawn at random each
 *                        run, the structure checks still covering every pack; null = every pack (the behaviour of
 *                        requests without the field)
 * @param schedule      name of the scheduler's schedule that asked (verify), null for any other request; with the
 *                      request id it lets a restarted scheduler attribute the VerifyCompleted to its schedule, as
 *                      BackupRequested's and RetentionRequested's {@code schedule} do
 * @param slot          the scheduled slot time that fired, null for a manual run or any other request
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
        String correlationId,
        String source,
        Integer readDataPercent,
        String schedule,
        Instant slot)
        implements SuiteEvent {

    /** A verify in the repository the manager uses now (no {@code source}). */
    public VerifyRequested(
            String requestId,
            String repository,
            String backupId,
            boolean readData,
            String requestedBy,
            Instant requestedAt,
            String correlationId) {
        this(requestId, repository, backupId, readData, requestedBy, requestedAt, correlationId, null);
    }

    /** A verify that reads every pack with {@code readData} (no {@code read_data_percent}). */
    public VerifyRequested(
            String requestId,
            String repository,
            String backupId,
            boolean readData,
            String requestedBy,
            Instant requestedAt,
            String correlationId,
            String source) {
        this(requestId, repository, backupId, readData, requestedBy, requestedAt, correlationId, source, null);
    }

    /** A verify no schedule asked for (no {@code schedule}, no {@code slot}). */
    public VerifyRequested(
            String requestId,
            String repository,
            String backupId,
            boolean readData,
            String requestedBy,
            Instant requestedAt,
            String correlationId,
            String source,
            Integer readDataPercent) {
        this(
                requestId,
                repository,
                backupId,
                readData,
                requestedBy,
                requestedAt,
                correlationId,
                source,
                readDataPercent,
                null,
                null);
    }

    public VerifyRequested {
        Require.text(requestId, "request_id");
        Require.text(repository, "repository");
        Require.text(requestedBy, "requested_by");
        Require.present(requestedAt, "requested_at");
        if (source != null && (source.isBlank() || source.contains("@"))) {
            throw new IllegalArgumentException("source must name a repository without credentials");
        }
        if (readDataPercent != null && (readDataPercent < 0 || readDataPercent > 100)) {
            throw new IllegalArgumentException("read_data_percent must be 0-100");
        }
        if (schedule != null && schedule.isBlank()) {
            throw new IllegalArgumentException("schedule must not be blank");
        }
    }
}
