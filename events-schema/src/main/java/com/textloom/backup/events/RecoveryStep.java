package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One step of a recovery or drill, as executed (or, in a dry run, planned).
 *
 * @param name       the step: detect, choose_backup, verify_backup, restore_database, restart_service,
 *                   health_check, compare ...
 * @param status     success or failed
 * @param durationMs time the step took
 * @param detail     what it did or would do, in words
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecoveryStep(String name, Outcome status, long durationMs, String detail) {

    public RecoveryStep {
        Require.text(name, "name");
        Require.present(status, "status");
        Require.notNegative(durationMs, "duration_ms");
    }
}
