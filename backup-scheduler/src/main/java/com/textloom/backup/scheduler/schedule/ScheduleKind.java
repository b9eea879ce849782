package com.textloom.backup.scheduler.schedule;

/** What a schedule asks for when it fires. */
public enum ScheduleKind {
    /** A backup of the schedule's components: published as BackupRequested. */
    BACKUP,
    /** The retention (cleanup) run that forgets expired snapshots and prunes: published as RetentionRequested. */
    RETENTION,
    /** Disaster-recovery drills of the schedule's scenarios: one DrillRequested per scenario, for disaster-recovery. */
    DRILL,
    /** A verify of the whole repository reading a random sample of the packs: published as VerifyRequested. */
    VERIFY
}
