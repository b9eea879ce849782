package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * Someone (the scheduler, the REST API, the CLI, a drill) asks for a backup.
 * Consumed by the manager, which runs it once per {@code requestId} (a duplicate is acknowledged, not run).
 *
 * @param requestId   idempotency key; the scheduler derives it from schedule name + slot time, so two
 *                    replicas firing the same slot produce the same id; a manual run gets a fresh id
 * @param repository  repository to write (the Kafka key)
 * @param type        the guide's type: full, incremental, daily, weekly, monthly
 * @param components  components to back up (database, redis, workspace, logs); empty = all configured
 * @param requestedBy who asked: the API key's name, {@code scheduler}, {@code cli}, {@code disaster-recovery}
 * @param requestedAt when it was asked
 * @param backupId    the backup id (guide form {@code 20250820_120000}) when the requester already chose
 *                    it (the REST API answers it at once); null lets the manager choose
 * @param schedule    name of the schedule that fired (daily, weekly, ...), null for a manual request
 * @param slot        the scheduled slot time that fired, null for a manual request
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupRequested(
        String requestId,
        String repository,
        BackupType type,
        List<String> components,
        String requestedBy,
        Instant requestedAt,
        String backupId,
        String schedule,
        Instant slot)
        implements SuiteEvent {

    public BackupRequested {
        Require.text(requestId, "request_id");
        Require.text(repository, "repository");
        Require.present(type, "type");
        components = Require.list(components);
        Require.text(requestedBy, "requested_by");
        Require.present(requestedAt, "requested_at");
    }
}
