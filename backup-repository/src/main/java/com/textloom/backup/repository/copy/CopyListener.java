package com.textloom.backup.repository.copy;

/**
 * Progress of a {@link RepositoryCopy}, for a progress bar or a log. Called from the transfer
 * threads: implementations are thread-safe and quick.
 */
public interface CopyListener {

    /** Listens to nothing. */
    CopyListener NONE = new CopyListener() {};

    /** A phase starts: {@code blobs} blobs of {@code bytes} bytes will be copied, others skipped. */
    default void phaseStarted(CopyPhase phase, int blobs, long bytes) {}

    /** A blob is now at the destination. */
    default void copied(String name, long bytes) {}
}
