package com.textloom.backup.repository.storage.metrics;

import java.time.Duration;

/**
 * Where {@link MeteredBlobStore} reports each finished operation. Plain Java, so the repository
 * stays free of any metrics library; the services bridge it to Micrometer (a counter of
 * operations and one of bytes, a timer of latency, tagged by store, operation and outcome).
 * Implementations are called from many threads and must be fast and thread-safe.
 */
@FunctionalInterface
public interface StorageMetricsSink {

    /** How an operation ended. */
    enum Outcome {
        SUCCESS,
        /** The blob did not exist (a normal answer of {@code stat}, not a failure of the medium). */
        NOT_FOUND,
        FAILURE
    }

    /**
     * One operation finished.
     *
     * @param store the store's {@code describe()}, never containing credentials
     * @param bytes bytes moved: stored by a put, or delivered to the reader of an open stream
     * @param latency for puts, stat, list and delete the call; for reads, from the open call until
     *     the stream is closed
     */
    void record(String store, StorageOperation operation, Outcome outcome, long bytes, Duration latency);
}
