package com.textloom.backup.repository.lock;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing and identity of the locks a {@link RepositoryLocker} takes.
 *
 * @param lease how long a lock stays valid without a refresh
 * @param refreshInterval how often the holder refreshes; well below {@code lease}, so several
 *     refreshes may fail before the lease is lost
 * @param clockSkew how far another host's clock may be off: a lock is stale only {@code clockSkew}
 *     after its lease ran out, and its holder stops at the lease's end by its own clock
 * @param retryInterval how long a waiting locker sleeps between tries (with jitter)
 * @param host host recorded in lock files
 * @param process what the holder does, recorded in lock files and named in
 *     {@link com.textloom.backup.repository.RepositoryLockedException}
 */
public record LockOptions(
        Duration lease,
        Duration refreshInterval,
        Duration clockSkew,
        Duration retryInterval,
        String host,
        String process) {

    public LockOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(process, "process");
        if (lease.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("lock lease must be at least 100 ms: " + lease);
        }
        if (refreshInterval.isNegative()
                || refreshInterval.isZero()
                || refreshInterval.multipliedBy(2).compareTo(lease) > 0) {
            throw new IllegalArgumentException("lock refresh interval must be positive and at most half"
                    + " the lease: " + refreshInterval + " for a lease of " + lease);
        }
        if (clockSkew.isNegative() || retryInterval.isNegative() || retryInterval.isZero()) {
            throw new IllegalArgumentException("clock skew must be >= 0 and retry interval > 0");
        }
    }

    /**
     * Defaults: a 3-minute lease refreshed every 45 s (three refreshes may fail before it is lost),
     * 1 minute of clock skew, retries every 2 s. A crashed holder's lock is taken over after at
     * most 4 minutes.
     */
    public static LockOptions defaults(String host, String process) {
        return new LockOptions(
                Duration.ofMinutes(3),
                Duration.ofSeconds(45),
                Duration.ofMinutes(1),
                Duration.ofSeconds(2),
                host,
                process);
    }

    public LockOptions withLease(Duration lease, Duration refresh) {
        return new LockOptions(lease, refresh, clockSkew, retryInterval, host, process);
    }

    public LockOptions withClockSkew(Duration skew) {
        return new LockOptions(lease, refreshInterval, skew, retryInterval, host, process);
    }

    public LockOptions withRetryInterval(Duration retry) {
        return new LockOptions(lease, refreshInterval, clockSkew, retry, host, process);
    }

    public LockOptions withProcess(String p) {
        return new LockOptions(lease, refreshInterval, clockSkew, retryInterval, host, p);
    }
}
