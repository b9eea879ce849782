package com.textloom.backup.recovery.assess;

/**
 * The state of the protected application, the backup storage and the suite, as the guide's {@code assess}
 * reports it. The implementation is a CDI bean; recoveries use it for their detect and final check steps.
 */
public interface Assessor {

    /**
     * The newest assessment, periodic or made on request ({@code GET /api/assess?fresh=true}); assesses now when none
     * has run yet. Never null.
     */
    Assessment latest();

    /**
     * The newest of the periodic assessments (every {@code BACKUP_DR_ASSESS_INTERVAL}), never one made on request:
     * what the persistence of a failure is counted on ({@code BACKUP_DR_AUTO_GRACE} assessments), so that asking for
     * fresh assessments cannot shorten the grace. Null until the first periodic one has been made.
     */
    Assessment latestPeriodic();

    /**
     * Assesses now: every check concurrently, each within its own timeout, so one hung server cannot stall
     * the answer. An unhealthy or unreachable part is a check with its status, never an exception.
     */
    Assessment assess();
}
