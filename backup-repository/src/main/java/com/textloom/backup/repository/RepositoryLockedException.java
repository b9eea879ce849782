package com.textloom.backup.repository;

import java.time.Instant;

/** Another process holds a conflicting lock on the repository; says who and since when. */
public class RepositoryLockedException extends RepositoryException {
    private final String holder;
    private final Instant since;

    public RepositoryLockedException(String holder, Instant since, String message) {
        super(message);
        this.holder = holder;
        this.since = since;
    }

    public RepositoryLockedException(String holder, Instant since) {
        this(holder, since, "repository is locked by " + holder + " since " + since);
    }

    /** Who holds the lock (host, process id, operation). */
    public String holder() {
        return holder;
    }

    public Instant since() {
        return since;
    }
}
