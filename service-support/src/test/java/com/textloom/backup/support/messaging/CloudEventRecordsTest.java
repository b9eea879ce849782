package com.textloom.backup.support.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.textloom.backup.events.AlertRaised;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.Severity;
import com.textloom.backup.events.Topics;
import com.textloom.backup.events.UnreadableEventException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class CloudEventRecordsTest {

    private static final AlertRaised RAISED = new AlertRaised(
            "a-1",
            "backup_failed:main/*",
            "backup_failed",
            Severity.CRITICAL,
            "the backup failed",
            "main",
            "database",
            null,
            Instant.parse("2025-08-20T12:00:00Z"),
            1,
            Map.of());

    @Test
    void aRecordCarriesTheCloudEventsHeadersKeyAndTimestampAndReadsBack() throws Exception {
        ProducerRecord<String, byte[]> record = CloudEventRecords.record(
                Topics.ALERTS, RAISED, "backup-monitor", Instant.parse("2025-08-20T12:00:01Z"), 1234L);
        assertEquals("main", record.key(), "keyed by repository");
        assertEquals(1234L, record.timestamp());
        assertEquals("1.0", CloudEventRecords.header(record.headers(), "ce_specversion"));
        assertEquals("backup-monitor", CloudEventRecords.header(record.headers(), "ce_source"));
        assertEquals(EventTypes.typeOf(AlertRaised.class), CloudEventRecords.type(record.headers()));
        assertEquals("2025-08-20T12:00:01Z", CloudEventRecords.header(record.headers(), "ce_time"));
        assertEquals("a-1", CloudEventRecords.header(record.headers(), "ce_subject"));
        assertEquals("application/json", CloudEventRecords.header(record.headers(), "content-type"));
        assertNotNull(CloudEventRecords.header(record.headers(), "ce_id"));
        assertEquals(RAISED, CloudEventRecords.read(consumed(record)));
    }

    @Test
    void anUnreadableRecordFailsWithTheReasonAChannelWouldDeadLetterItWith() {
        ProducerRecord<String, byte[]> notJson =
                new ProducerRecord<>(Topics.ALERTS, "main", "not json".getBytes(StandardCharsets.UTF_8));
        notJson.headers().add("ce_type", EventTypes.typeOf(AlertRaised.class).getBytes(StandardCharsets.UTF_8));
        UnreadableEventException e =
                assertThrows(UnreadableEventException.class, () -> CloudEventRecords.read(consumed(notJson)));
        assertEquals(UnreadableEventException.Kind.NOT_JSON, e.kind());

        ProducerRecord<String, byte[]> noType =
                new ProducerRecord<>(Topics.ALERTS, "main", "{}".getBytes(StandardCharsets.UTF_8));
        e = assertThrows(UnreadableEventException.class, () -> CloudEventRecords.read(consumed(noType)));
        assertEquals("missing_type: no ce_type header", e.reason());
        assertNull(CloudEventRecords.type(noType.headers()));
    }

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> r) {
        return new ConsumerRecord<>(
                r.topic(),
                0,
                0L,
                r.timestamp() == null ? 0L : r.timestamp(),
                TimestampType.CREATE_TIME,
                0,
                0,
                r.key(),
                r.value(),
                new RecordHeaders(r.headers().toArray()),
                Optional.empty());
    }
}
