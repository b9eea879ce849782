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
 * @param event       event published: BackupRequested, RetentionRequested or DrillRequested
 * @param type        backup type requested, null for cleanup and drills
 * @param components  components requested, empty for cleanup and drills
 * @param scenarios   scenarios drilled (one DrillRequested each), empty for the others
 * @param drillIds    the ids of the drills requested, in the order of {@code scenarios}
 * ({@code GET /api/drills/<id>} of disaster-recovery)
 * @param requestedAt when it was published
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunAccepted(
        String requestId,
        String schedule,
        String event,
        String type,
        List<String> components,
        List<String> scenarios,
        List<String> drillIds,
        Instant requestedAt) {}
