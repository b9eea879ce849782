package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * Progress of a running backup, published at most every few seconds. Figures are cumulative for the
 * whole backup so far; a consumer may skip any of them.
 *
 * @param requestId       the request being served
 * @param backupId        the backup id
 * @param repository      repository being written (the Kafka key)
 * @param component       the component being read now
 * @param componentsDone  components finished so far
 * @param componentsTotal components in this backup
 * @param bytesRead       bytes read from the sources so far
 * @param bytesStored     bytes written to the repository so far (after dedup, compression, encryption)
 * @param files           files (or streams) read so far
 * @param elapsedMs       milliseconds since the backup started
 * @param reportedAt      when this figure was taken
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupProgress(
        String requestId,
        String backupId,
        String repository,
        String component,
        int componentsDone,
        int componentsTotal,
        long bytesRead,
        long bytesStored,
        long files,
        long elapsedMs,
        Instant reportedAt)
        implements SuiteEvent {

    public BackupProgress {
        Require.text(requestId, "request_id");
        Require.text(backupId, "backup_id");
        Require.text(repository, "repository");
        Require.notNegative(bytesRead, "bytes_read");
        Require.notNegative(bytesStored, "bytes_stored");
        Require.notNegative(files, "files");
        Require.present(reportedAt, "reported_at");
    }
}
