package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * The manager took a BackupRequested and started writing the snapshot.
 *
 * @param requestId  the request being served
 * @param backupId   the backup id, guide form {@code 20250820_120000}
 * @param repository repository being written (the Kafka key)
 * @param type       the requested type
 * @param components components that will be backed up, in order
 * @param instance   the manager instance (host name) doing the work
 * @param startedAt  when the work began
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupStarted(
        String requestId,
        String backupId,
        String repository,
        BackupType type,
        List<String> components,
        String instance,
        Instant startedAt)
        implements SuiteEvent {

    public BackupStarted {
        Require.text(requestId, "request_id");
        Require.text(backupId, "backup_id");
        Require.text(repository, "repository");
        Require.present(type, "type");
        components = Require.list(components);
        Require.present(startedAt, "started_at");
    }
}
