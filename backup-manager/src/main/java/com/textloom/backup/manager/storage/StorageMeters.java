package com.textloom.backup.manager.storage;

import com.textloom.backup.repository.storage.metrics.StorageMetricsSink;
import com.textloom.backup.repository.storage.metrics.StorageOperation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;

/**
 * The repository's storage operations in the manager's Micrometer registry ({@code /q/metrics}), fed by
 * {@code MeteredBlobStore} around the repository in use and a remote a restore reads from (not yet around the copies to
 * the remotes):
 * <ul>
 *   <li>{@code textloom_backup_storage_operations_total{store, operation, outcome}}: operations ended, outcome
 *       {@code success}, {@code not_found} (a normal answer of {@code stat}) or {@code failure} (every try, so a retried
 *       failure counts each time);</li>
 *   <li>{@code textloom_backup_storage_bytes_total{store, operation}}: bytes stored by puts and delivered by reads;</li>
 *   <li>{@code textloom_backup_storage_latency_seconds{store, operation, outcome}}: a timer of each operation (reads
 *       from the open call until the stream is closed).</li>
 * </ul>
 * {@code store} is the store's description ({@code local:/backups/local}, {@code s3:http://minio:9000/bucket}), which
 * never carries credentials.
 */
@ApplicationScoped
public class StorageMeters implements StorageMetricsSink {

    @Inject
    MeterRegistry registry;

    @Override
    public void record(String store, StorageOperation operation, Outcome outcome, long bytes, Duration latency) {
        String result = outcome.name().toLowerCase(Locale.ROOT);
        Counter.builder("textloom.backup.storage.operations")
                .description("storage operations of the repository")
                .tags("store", store, "operation", operation.tag(), "outcome", result)
                .register(registry)
                .increment();
        if (bytes > 0) {
            Counter.builder("textloom.backup.storage.bytes")
                    .baseUnit("bytes")
                    .description("bytes stored by puts and delivered by reads")
                    .tags("store", store, "operation", operation.tag())
                    .register(registry)
                    .increment(bytes);
        }
        Timer.builder("textloom.backup.storage.latency")
                .description("time of a storage operation")
                .tags("store", store, "operation", operation.tag(), "outcome", result)
                .register(registry)
                .record(latency);
    }
}
