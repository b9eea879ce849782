package com.textloom.backup.recovery.engine;

/**
 * One step of a plan.
 *
 * @param name        the step's name in reports and events ({@code restore_database} ...)
 * @param description what it does, in words; a dry run reports {@code would <description>} for steps it does not run
 * @param changesData true when running it changes something (live or scratch data, a service's state): a dry run
 *                    then runs {@code dryRunAction} instead, or nothing
 * @param inRto       true when the step is part of the recovery time (cleanup after a drill is not)
 * @param action      what it does
 * @param dryRunAction what a dry run does instead of {@code action} (e.g. the manager's own dry-run restore, a
 *                    verify of the structure only); null: a dry run runs a reading step as is and only reports a
 *                    changing one
 */
public record PlannedStep(
        String name, String description, boolean changesData, boolean inRto, Action action, Action dryRunAction) {

    /** A step that only reads (runs in dry runs too) and counts for the RTO. */
    public static PlannedStep reading(String name, String description, Action action) {
        return new PlannedStep(name, description, false, true, action, null);
    }

    /** A step that changes something and counts for the RTO. */
    public static PlannedStep changing(String name, String description, Action action) {
        return new PlannedStep(name, description, true, true, action, null);
    }

    public PlannedStep withDryRun(Action dryRun) {
        return new PlannedStep(name, description, changesData, inRto, action, dryRun);
    }

    public PlannedStep outsideRto() {
        return new PlannedStep(name, description, changesData, false, action, dryRunAction);
    }

    /** The work of a step; an exception ends the step failed with its message. */
    @FunctionalInterface
    public interface Action {
        StepOutcome run(RunContext context) throws Exception;
    }
}
