package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * Someone (the scheduler's cleanup schedule, the REST API) asks the manager to apply retention and
 * prune. Idempotent by {@code requestId}.
 *
 * @param requestId   idempotency key (schedule name + slot time for the scheduler)
 * @param repository  repository to clean (the Kafka key)
 * @param policy      the policy to apply, null = the manager's configured policy
 * @param dryRun      true to report what would be removed, removing nothing
 * @param requestedBy who asked
 * @param requestedAt when it was asked
 * @param schedule    name of the schedule that fired, null for a manual request
 * @param slot        the scheduled slot time that fired, null for a manual request
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetentionRequested(
        String requestId,
        String repository,
        RetentionPolicy policy,
        boolean dryRun,
        String requestedBy,
        Instant requestedAt,
        String schedule,
        Instant slot)
        implements SuiteEvent {

    public RetentionRequested {
        Require.text(requestId, "request_id");
        Require.text(repository, "repository");
        Require.text(requestedBy, "requested_by");
        Require.present(requestedAt, "requested_at");
    }
}
