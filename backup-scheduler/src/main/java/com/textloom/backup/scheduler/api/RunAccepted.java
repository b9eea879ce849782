package com.textloom.backup.scheduler.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * The answer to {@code POST /api/schedules/{name}/run}: the request was published; the manager runs it.
 *
 * @param requestId   id of the published request (fresh for every manual run)
 * @param schedule    schedule run
 * @param event       event published: BackupRequested or RetentionRequested
 * @param type        backup type requested, null for cleanup
 * @param components  components requested, empty for cleanup
 * @param requestedAt when it was published
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunAccepted(String requestId, String schedule, String event, String type, List<String> components,
                          Instant requestedAt) {
}
