package com.textloom.backup.repository.lock;

import com.textloom.backup.repository.RepositoryException;

/**
 * The holder of a lock could not keep its lease (the store was unreachable until the lease ran
 * out, or its lock file was removed): others may now take the repository, so the holder's work
 * must stop without writing anything more that depends on the lock.
 */
public class LeaseLostException extends RepositoryException {
    public LeaseLostException(String message) {
        super(message);
    }
}
