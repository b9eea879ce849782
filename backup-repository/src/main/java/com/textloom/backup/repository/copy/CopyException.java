package com.textloom.backup.repository.copy;

import com.textloom.backup.repository.storage.StorageException;

/**
 * A copy stopped before the end. What was copied stays (and is skipped by the next run); the
 * destination shows no snapshot whose blobs are not all there.
 */
public class CopyException extends StorageException {
    private final transient CopyReport partial;
    private final CopyPhase phase;

    public CopyException(String message, CopyPhase phase, CopyReport partial, Throwable cause) {
        super(message, cause);
        this.phase = phase;
        this.partial = partial;
    }

    /** The phase that failed. */
    public CopyPhase phase() {
        return phase;
    }

    /** What was done before the copy stopped. */
    public CopyReport partial() {
        return partial;
    }
}
