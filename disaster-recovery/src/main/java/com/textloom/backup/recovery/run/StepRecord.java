package com.textloom.backup.recovery.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One step of a recovery or drill as recorded.
 *
 * @param name       detect, choose_backup, verify_backup, set_aside_database, restore_database, restart_database,
 *                   check_health, prove, cleanup ...
 * @param status     {@value #PENDING}, {@value #RUNNING}, {@value #SUCCESS}, {@value #FAILED}, {@value #SKIPPED}
 *                   (not run: dry run, or an earlier step failed) or {@value #MANUAL} (a person must do what the
 *                   detail says)
 * @param startedAt  when it began, null while pending
 * @param durationMs how long it took (0 while pending)
 * @param detail     what it did, would do, or a person must do, in words (never a secret)
 * @param output     a hook's output (secrets masked), null when it ran no hook
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepRecord(String name, String status, Instant startedAt, long durationMs, String detail, String output) {
    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String SUCCESS = "success";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
    public static final String MANUAL = "manual";

    public static StepRecord pending(String name, String detail) {
        return new StepRecord(name, PENDING, null, 0, detail, null);
    }
}
