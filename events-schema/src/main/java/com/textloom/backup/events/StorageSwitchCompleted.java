package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * The manager obeyed (or could not obey) a {@link StorageSwitchRequested}. Locations are shown without credentials.
 *
 * @param requestId        the request served
 * @param repository       repository name (the Kafka key)
 * @param action           the request's action
 * @param status           success or failed (then nothing changed where the manager keeps backups)
 * @param active           the location the manager backs up to and restores from now
 * @param primary          the configured repository ({@code BACKUP_REPOSITORY}, else {@code BACKUP_LOCAL_DIR})
 * @param switched         true while {@code active} is a remote instead of {@code primary}
 * @param bytesCopied      rebuild: bytes copied into the configured repository
 * @param blobsCopied      rebuild: blobs copied
 * @param snapshots        rebuild: snapshots the configured repository holds afterwards
 * @param verified         rebuild: the configured repository verified clean (null when not verified)
 * @param startedAt        when the work began
 * @param completedAt      when it ended
 * @param durationMs       completedAt - startedAt in milliseconds
 * @param correlationId    the recovery this was part of, null otherwise
 * @param error            what went wrong, null on success
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StorageSwitchCompleted(
        String requestId,
        String repository,
        String action,
        Outcome status,
        String active,
        String primary,
        boolean switched,
        long bytesCopied,
        long blobsCopied,
        int snapshots,
        Boolean verified,
        Instant startedAt,
        Instant completedAt,
        long durationMs,
        String correlationId,
        String error)
        implements SuiteEvent {

    public StorageSwitchCompleted {
        Require.text(requestId, "request_id");
        Require.text(repository, "repository");
        Require.text(action, "action");
        Require.present(status, "status");
        Require.present(startedAt, "started_at");
        Require.present(completedAt, "completed_at");
        Require.notNegative(durationMs, "duration_ms");
        Require.notNegative(bytesCopied, "bytes_copied");
        Require.notNegative(blobsCopied, "blobs_copied");
    }
}
