package com.textloom.backup.recovery.engine;

import com.textloom.backup.recovery.run.StepRecord;

/**
 * How a step ended: one of {@link StepRecord}'s statuses, what it did in words, and a hook's output if it ran one.
 */
public record StepOutcome(String status, String detail, String output) {

    public static StepOutcome success(String detail) {
        return new StepOutcome(StepRecord.SUCCESS, detail, null);
    }

    public static StepOutcome failed(String detail) {
        return new StepOutcome(StepRecord.FAILED, detail, null);
    }

    /** A person must do what {@code detail} says; the run goes on. */
    public static StepOutcome manual(String detail) {
        return new StepOutcome(StepRecord.MANUAL, detail, null);
    }

    public static StepOutcome skipped(String detail) {
        return new StepOutcome(StepRecord.SKIPPED, detail, null);
    }

    public StepOutcome withOutput(String output) {
        return new StepOutcome(status, detail, output);
    }
}
