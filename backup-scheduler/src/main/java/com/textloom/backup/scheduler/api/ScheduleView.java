package com.textloom.backup.scheduler.api;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param kind        {@code backup}, {@code retention}, {@code drill} or {@code verify}
 * @param type        backup type requested (daily, weekly, monthly, incremental); null for cleanup
 * @param components  components backed up; empty for cleanup and drills
 * @param scenarios   disaster-recovery scenarios drilled (drill schedules); empty for the others
 * @param enabled     whether it fires on its own
 * @param nextFire    next slot, null when disabled
 * @param lastFire    last request published for it (by any replica, manual runs included), null if none known
 * @param lastOutcome how the most recent request of it with an outcome ended (for a drill schedule: its newest slot,
 *                    failed if any of the slot's drills failed, each drill under {@code drills}), null if none known
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScheduleView(
        String name,
        String cron,
        String timezone,
        String kind,
        String type,
        List<String> components,
        List<String> scenarios,
        boolean enabled,
        Instant nextFire,
        LastFire lastFire,
        LastOutcome lastOutcome) {

    /** The last request published for a schedule. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LastFire(String requestId, Instant requestedAt, Instant slot, String trigger) {}

    /**
     * How a request ended (from BackupCompleted / RetentionCompleted / VerifyCompleted), or a drill schedule's slot
     * (the verdict over its drills, each a DrillCompleted, under {@code drills}). Fields that do not apply are null and
     * omitted from the JSON.
     *
     * @param requestId        the request (for a drill schedule's slot: the slot's request; for one drill: its id)
     * @param status           success, partial or failed; a slot: failed if any drill failed, else partial if any was,
     *                         else running while a drill has not answered, else success
     * @param completedAt      when it finished
     * @param backupId         the backup it made (a backup), or restored (a drill)
     * @param error            why it failed (a slot: each drill that did not succeed, with its error)
     * @param drills           a slot's drills that answered, by scenario (each with the drill fields below)
     * @param pending          a slot's scenarios whose drill has not answered yet
     * @param drillId          the drill's id, also its report's: disaster-recovery's {@code GET /api/drills/<id>}, the
     *                         monitor's {@code /api/recovery/drills/<id>/report}
     * @param scenario         the scenario drilled
     * @param verified         the restored data equalled the figures recorded at backup time (null: not compared)
     * @param rtoSeconds       the measured RTO
     * @param rtoTargetSeconds the scenario's RTO target
     * @param rtoMet           whether the measured RTO stayed within the target
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LastOutcome(
            String requestId,
            String status,
            Instant completedAt,
            String backupId,
            String error,
            List<LastOutcome> drills,
            List<String> pending,
            String drillId,
            String scenario,
            Boolean verified,
            Double rtoSeconds,
            Long rtoTargetSeconds,
            Boolean rtoMet) {}
}
