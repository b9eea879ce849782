package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * Someone (a person, or a schedule) asks disaster recovery for a drill of one of the guide's
 * scenarios ({@code disaster_recovery.py drill --scenario ...}): the scenario's plan run against
 * scratch targets, proven and timed. Idempotent by {@code requestId}.
 *
 * @param requestId   idempotency key, also the {@code drill_id} the REST API answers
 * @param repository  repository to drill from (the Kafka key): the service's configured repository
 *                    name unless the requester chose one
 * @param scenario    the guide's scenario: database_failure, redis_failure, application_failure,
 *                    storage_failure, full_disaster
 * @param backupId    the backup to drill with, null = the one a recovery would choose now
 * @param keep        true to leave the scratch targets in place afterwards for inspection
 * @param requestedBy who asked: the API key's name, cli, scheduler (audit USER)
 * @param requestedAt when it was asked
 * @param schedule    name of the scheduler's drill schedule that asked ({@code restore_test}, {@code dr_drill}), null for
 *                    any other request; with {@code slot} it lets a restarted scheduler know the slot was fired and
 *                    attribute the DrillCompleted of this {@code requestId} to its schedule, as BackupRequested's and
 *                    VerifyRequested's {@code schedule} do
 * @param slot        the scheduled slot time that fired, null for a manual run or any other request
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DrillRequested(
        String requestId,
        String repository,
        String scenario,
        String backupId,
        boolean keep,
        String requestedBy,
        Instant requestedAt,
        String schedule,
        Instant slot)
        implements SuiteEvent {

    /** A drill no schedule asked for (no {@code schedule}, no {@code slot}). */
    public DrillRequested(
            String requestId,
            String repository,
            String scenario,
            String backupId,
            boolean keep,
            String requestedBy,
            Instant requestedAt) {
        this(requestId, repository, scenario, backupId, keep, requestedBy, requestedAt, null, null);
    }

    public DrillRequested {
        Require.text(requestId, "request_id");
        Require.text(repository, "repository");
        Require.text(scenario, "scenario");
        Require.text(requestedBy, "requested_by");
        Require.present(requestedAt, "requested_at");
        if (schedule != null && schedule.isBlank()) {
            throw new IllegalArgumentException("schedule must not be blank");
        }
    }
}
