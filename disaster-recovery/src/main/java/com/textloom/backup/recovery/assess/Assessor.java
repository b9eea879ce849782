package com.textloom.backup.recovery.assess;

/**
 * The state of the protected application, the backup storage and the suite, as the guide's {@code assess}
 * reports it. The implementation is a CDI bean; recoveries use it for their detect and final check steps.
 */
public interface Assessor {

    /** The newest assessment (the periodic one); assesses now when none has run yet. Never null. */
    Assessment latest();

    /**
     * Assesses now: every check concurrently, each within its own timeout, so one hung server cannot stall
     * the answer. An unhealthy or unreachable part is a check with its status, never an exception.
     */
    Assessment assess();
}
