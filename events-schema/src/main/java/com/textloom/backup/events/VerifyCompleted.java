package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * A verify ended. {@code success}: nothing damaged; {@code failed}: damage was found (see
 * {@code damagedBlobs} and {@code affectedBackups}) or the verify could not run ({@code error}).
 *
 * @param requestId       the request served
 * @param repository      repository verified (the Kafka key)
 * @param backupId        the backup verified, null when the whole repository was
 * @param status          success or failed
 * @param readData        whether data blobs were re-read
 * @param blobsChecked    blobs checked
 * @param bytesRead       bytes read while checking
 * @param damagedBlobs    blobs found missing or corrupt
 * @param affectedBackups backup ids that need a damaged blob
 * @param startedAt       when the work began
 * @param completedAt     when it ended
 * @param durationMs      completedAt - startedAt in milliseconds
 * @param correlationId   the recovery or drill this verify is part of, null otherwise
 * @param error           why the verify could not run, null when it ran
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerifyCompleted(
        String requestId,
        String repository,
        String backupId,
        Outcome status,
        boolean readData,
        long blobsChecked,
        long bytesRead,
        List<DamagedBlob> damagedBlobs,
        List<String> affectedBackups,
        Instant startedAt,
        Instant completedAt,
        long durationMs,
        String correlationId,
        String error)
        implements SuiteEvent {

    public VerifyCompleted {
        Require.text(requestId, "request_id");
        Require.text(repository, "repository");
        Require.present(status, "status");
        Require.notNegative(blobsChecked, "blobs_checked");
        Require.notNegative(bytesRead, "bytes_read");
        damagedBlobs = Require.list(damagedBlobs);
        affectedBackups = Require.list(affectedBackups);
        Require.present(startedAt, "started_at");
        Require.present(completedAt, "completed_at");
        Require.notNegative(durationMs, "duration_ms");
    }

    /** A verify of {@code request} that could not run, at {@code at}: {@code failed}, nothing checked, {@code error} saying why. */
    public static VerifyCompleted failed(VerifyRequested request, Instant at, String error) {
        return new VerifyCompleted(
                request.requestId(),
                request.repository(),
                request.backupId(),
                Outcome.FAILED,
                request.readData(),
                0,
                0,
                List.of(),
                List.of(),
                at,
                at,
                0,
                request.correlationId(),
                error);
    }
}
