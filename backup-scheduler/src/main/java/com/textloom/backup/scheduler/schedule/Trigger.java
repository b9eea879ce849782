package com.textloom.backup.scheduler.schedule;

/** Why a request was published. */
public enum Trigger {
    /** The schedule's slot came due while the scheduler was running. */
    SCHEDULED,
    /** The slot came due while no scheduler was running and was run once on start. */
    CATCH_UP,
    /** Someone asked for it ({@code POST /api/schedules/{name}/run}). */
    MANUAL
}
