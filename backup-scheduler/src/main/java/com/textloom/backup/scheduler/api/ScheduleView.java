package com.textloom.backup.scheduler.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * One schedule as {@code GET /api/schedules} shows it.
 *
 * @param name        schedule name
 * @param cron        cron expression
 * @param timezone    zone the cron is evaluated in
 * @param kind        {@code backup}, {@code retention} or {@code drill}
 * @param type        backup type requested (daily, weekly, monthly, incremental); null for cleanup
 * @param components  components backed up; empty for cleanup and drills
 * @param scenarios   disaster-recovery scenarios drilled (drill schedules); empty for the others
 * @param enabled     whether it fires on its own
 * @param nextFire    next slot, null when disabled
 * @param lastFire    last request published for it (by any replica, manual runs included), null if none known
 * @param lastOutcome how the most recent finished request of it ended, null if none known
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScheduleView(String name, String cron, String timezone, String kind, String type, List<String> components,
                           List<String> scenarios, boolean enabled, Instant nextFire, LastFire lastFire, LastOutcome lastOutcome) {

    /** The last request published for a schedule. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LastFire(String requestId, Instant requestedAt, Instant slot, String trigger) {
    }

    /** How a request ended (from BackupCompleted / RetentionCompleted). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LastOutcome(String requestId, String status, Instant completedAt, String backupId, String error) {
    }
}
