package com.textloom.backup.repository.storage.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link StorageMetricsSink} that keeps totals per operation in memory (for the CLI's summary,
 * benchmarks and tests). Thread-safe.
 */
public final class StorageStats implements StorageMetricsSink {

    /** Totals of one operation. */
    public record Totals(long operations, long failures, long bytes, Duration latency) {}

    private final Map<StorageOperation, LongAdder[]> totals = new EnumMap<>(StorageOperation.class);

    public StorageStats() {
        for (StorageOperation op : StorageOperation.values()) {
            totals.put(op, new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()});
        }
    }

    @Override
    public void record(String store, StorageOperation operation, Outcome outcome, long bytes, Duration latency) {
        LongAdder[] t = totals.get(operation);
        t[0].increment();
        if (outcome == Outcome.FAILURE) {
            t[1].increment();
        }
        t[2].add(bytes);
        t[3].add(latency.toNanos());
    }

    /** The totals of {@code operation} so far. */
    public Totals of(StorageOperation operation) {
        LongAdder[] t = totals.get(operation);
        return new Totals(t[0].sum(), t[1].sum(), t[2].sum(), Duration.ofNanos(t[3].sum()));
    }
}
