package com.textloom.backup.repository;

/**
 * Receives progress of a backup or a restore. Called from worker threads, possibly
 * concurrently: implementations must be thread-safe and fast (no I/O while holding locks).
 */
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {};

    /** {@code path} (relative to the component root, or the component name of a stream) started. */
    default void fileStarted(String path) {}

    /** A file (or directory, symlink) is done; {@code bytes} is its size. */
    default void fileDone(String path, long bytes) {}

    /** {@code n} more content bytes were read (backup) or written (restore). */
    default void bytesProcessed(long n) {}

    /** Something was skipped or could not be done, and the operation goes on. */
    default void warning(String path, String message) {}
}
