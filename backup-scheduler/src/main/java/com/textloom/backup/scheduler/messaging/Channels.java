package com.textloom.backup.scheduler.messaging;

/** Channel names of the scheduler; {@code application.properties} maps each to its topic. */
public final class Channels {

    /** Outgoing: BackupRequested, RetentionRequested and VerifyRequested, to {@code textloom.backup.requests}. */
    public static final String REQUESTS = "requests";
    /** Outgoing: DrillRequested, to {@code textloom.recovery.requests} (disaster-recovery). */
    public static final String RECOVERY_REQUESTS = "recovery-requests";
    /** Incoming: the manager's results (BackupCompleted, RetentionCompleted, VerifyCompleted), from {@code textloom.backup.events}. */
    public static final String BACKUP_EVENTS = "backup-events";
    /** Incoming: disaster-recovery's results (DrillCompleted of the drill schedules), from {@code textloom.recovery.events}. */
    public static final String RECOVERY_EVENTS = "recovery-events";

    private Channels() {}
}
