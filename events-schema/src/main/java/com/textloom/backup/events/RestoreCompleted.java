package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A restore ended. {@code status} is success only when every component was restored and, where
 * compared, found equal to what was recorded at backup time.
 *
 * @param requestId     the request served
 * @param repository    repository read (the Kafka key)
 * @param backupId      the backup restored
 * @param status        success, partial or failed
 * @param dryRun        true when nothing was written
 * @param startedAt     when the work began
 * @param completedAt   when it ended
 * @param durationMs    completedAt - startedAt in milliseconds
 * @param components    one entry per component
 * @param correlationId the recovery or drill this restore is part of, null otherwise
 * @param error         summary of what went wrong, null on success
 * @param source        the repository read, as the manager shows it (no credentials); null when not said
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoreCompleted(
        String requestId,
        String repository,
        String backupId,
        Outcome status,
        boolean dryRun,
        Instant startedAt,
        Instant completedAt,
        long durationMs,
        List<RestoredComponent> components,
        String correlationId,
        String error,
        String source)
        implements SuiteEvent {

    /** A restore whose completion does not say which repository it read. */
    public RestoreCompleted(
            String requestId,
            String repository,
            String backupId,
            Outcome status,
            boolean dryRun,
            Instant startedAt,
            Instant completedAt,
            long durationMs,
            List<RestoredComponent> components,
            String correlationId,
            String error) {
        this(
                requestId,
                repository,
                backupId,
                status,
                dryRun,
                startedAt,
                completedAt,
                durationMs,
                components,
                correlationId,
                error,
                null);
    }

    /** A restore of {@code request} that restored nothing: {@code failed}, {@code error} saying why. */
    public static RestoreCompleted failed(
            RestoreRequested request, Instant startedAt, Instant completedAt, String error) {
        return new RestoreCompleted(
                request.requestId(),
                request.repository(),
                request.backupId(),
                Outcome.FAILED,
                request.dryRun(),
                startedAt,
                completedAt,
                Duration.between(startedAt, completedAt).toMillis(),
                List.of(),
                request.correlationId(),
                error);
    }

    /** This completion, saying it read {@code location}. */
    public RestoreCompleted readFrom(String location) {
        return new RestoreCompleted(
                requestId,
                repository,
                backupId,
                status,
                dryRun,
                startedAt,
                completedAt,
                durationMs,
                components,
                correlationId,
                error,
                location);
    }

    public RestoreCompleted {
        Require.text(requestId, "request_id");
        Require.text(repository, "repository");
        Require.text(backupId, "backup_id");
        Require.present(status, "status");
        Require.present(startedAt, "started_at");
        Require.present(completedAt, "completed_at");
        Require.notNegative(durationMs, "duration_ms");
        components = Require.list(components);
    }
}
