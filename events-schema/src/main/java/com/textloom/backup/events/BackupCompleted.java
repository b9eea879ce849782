package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * A backup ended, well or badly. {@code success}: every component succeeded and the snapshot exists;
 * {@code partial}: at least one component failed, the others are in the snapshot; {@code failed}: no
 * snapshot was written ({@code snapshotId} is null, {@code error} says why).
 *
 * @param requestId    the request served
 * @param backupId     the backup id, guide form {@code 20250820_120000}
 * @param repository   repository written (the Kafka key)
 * @param type         the requested type
 * @param status       success, partial or failed
 * @param snapshotId   id of the snapshot written, null when none was
 * @param requestedBy  who asked (for audit lines): the API key's name, scheduler, ...
 * @param startedAt    when the work began
 * @param completedAt  when it ended
 * @param durationMs   completedAt - startedAt in milliseconds
 * @param components   one result per component, in backup order
 * @param remoteCopies one entry per configured remote backend the snapshot was copied to
 * @param error        a summary of what went wrong, null on success; never contains credentials
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupCompleted(
        String requestId,
        String backupId,
        String repository,
        BackupType type,
        Outcome status,
        String snapshotId,
        String requestedBy,
        Instant startedAt,
        Instant completedAt,
        long durationMs,
        List<ComponentResult> components,
        List<RemoteCopy> remoteCopies,
        String error)
        implements SuiteEvent {

    public BackupCompleted {
        Require.text(requestId, "request_id");
        Require.text(backupId, "backup_id");
        Require.text(repository, "repository");
        Require.present(type, "type");
        Require.present(status, "status");
        Require.present(startedAt, "started_at");
        Require.present(completedAt, "completed_at");
        Require.notNegative(durationMs, "duration_ms");
        components = Require.list(components);
        remoteCopies = Require.list(remoteCopies);
    }
}
