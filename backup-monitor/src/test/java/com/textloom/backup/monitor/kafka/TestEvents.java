package com.textloom.backup.monitor.kafka;

import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.ComponentResult;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.support.testing.TopicWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Publishes synthetic events of the suite to one topic of the real broker, as CloudEvents, as the manager
 * would (service-support's test kit {@link TopicWriter}).
 */
public final class TestEvents implements AutoCloseable {

    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    private final TopicWriter writer;
    private final String topic;

    public TestEvents(String bootstrapServers, String topic) {
        this.writer = new TopicWriter(bootstrapServers);
        this.topic = topic;
    }

    public void publish(SuiteEvent event) throws Exception {
        writer.publish(topic, event);
    }

    /** A BackupCompleted of repository "main" with the given components. */
    public static BackupCompleted backup(Outcome status, Instant at, ComponentResult... components) {
        // the guide's form, as the schema requires: 20250820_120000_<random>
        String id = ID_TIME.format(at) + "_" + UUID.randomUUID().toString().substring(0, 8);
        return new BackupCompleted(
                "req-" + id,
                id,
                "main",
                BackupType.DAILY,
                status,
                status == Outcome.FAILED ? null : "snap-" + id,
                "test",
                at.minusSeconds(5),
                at,
                5000,
                List.of(components),
                List.of(),
                status == Outcome.FAILED ? "pg_dump: connection refused" : null);
    }

    public static ComponentResult component(String name, Outcome status, long bytesRead) {
        return new ComponentResult(
                name,
                status,
                bytesRead,
                bytesRead / 2,
                bytesRead / 4,
                1,
                1000,
                Map.of(),
                status == Outcome.SUCCESS ? null : name + " unreachable");
    }

    @Override
    public void close() {
        writer.close();
    }
}
