package com.textloom.backup.repository.lock;

/** Told once, from the lock's background thread, when a {@link RepositoryLock} loses its lease. */
@FunctionalInterface
public interface LeaseListener {
    /**
     * @param lock the lock whose lease is lost
     * @param reason why, for the log and the user
     */
    void leaseLost(RepositoryLock lock, String reason);
}
