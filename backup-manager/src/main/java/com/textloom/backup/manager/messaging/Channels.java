package com.textloom.backup.manager.messaging;

/** Channel names of the manager; {@code application.properties} maps each to its topic. */
public final class Channels {
    /** Incoming: BackupRequested, RestoreRequested, VerifyRequested, RetentionRequested. */
    public static final String REQUESTS = "requests";
    /** Outgoing: requests made over REST, to the same topic, so REST and schedules take one path. */
    public static final String REQUESTS_OUT = "requests-out";
    /** Outgoing: BackupStarted, BackupProgress and the completions. */
    public static final String EVENTS = "events";

    private Channels() {}
}
