package com.textloom.backup.support.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.EventCodec;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.VerifyRequested;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * The verbatim form of the suite's deserializer, which a consumer checking signatures over the value reads through:
 * the exact bytes kept, a kept value planted by the producer replaced, only the consumer's types read, an empty value
 * read as no event; the plain form keeps nothing.
 */
class SuiteEventDeserializerTest {
    private static final String BACKUP = EventTypes.typeOf(BackupRequested.class);
    private static final String VERIFY = EventTypes.typeOf(VerifyRequested.class);

    /** Reads backup requests only, verbatim. */
    static final class Backups extends SuiteEventDeserializer {
        Backups() {
            super(BACKUP::equals, true);
        }
    }

    private static RecordHeaders headers(String type) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventRecords.TYPE, type.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    @Test
    void theVerbatimFormKeepsTheExactBytesAndReplacesAPlantedOne() {
        BackupRequested request = new BackupRequested(
                "r1",
                "default",
                BackupType.FULL,
                List.of(),
                "ops",
                Instant.parse("2025-08-20T12:00:00Z"),
                null,
                null,
                null);
        // spaces and key order the codec would not write: the kept bytes are these, not the event written again
        byte[] sent = ("  " + new String(new EventCodec().encode(request), StandardCharsets.UTF_8) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = headers(BACKUP);
        headers.add(SuiteEventDeserializer.RECEIVED_VALUE, "{\"planted\":true}".getBytes(StandardCharsets.UTF_8));

        assertEquals(request, new Backups().deserialize("t", headers, sent));
        assertArrayEquals(sent, SuiteEventDeserializer.receivedValue(headers));
        int kept = 0;
        for (org.apache.kafka.common.header.Header h : headers.headers(SuiteEventDeserializer.RECEIVED_VALUE)) {
            kept++;
        }
        assertEquals(1, kept, "one kept value, the planted one gone");
    }

    @Test
    void theVerbatimFormReadsOnlyItsTypesAndAnEmptyValueAsNoEvent() {
        RecordHeaders other = headers(VERIFY);
        assertNull(
                new Backups().deserialize("t", other, "not even json".getBytes(StandardCharsets.UTF_8)),
                "another consumer's type is passed on unread, not failed");
        assertNull(SuiteEventDeserializer.receivedValue(other));
        for (String empty : new String[] {"", "  ", "null", " null\n"}) {
            RecordHeaders headers = headers(BACKUP);
            assertNull(new Backups().deserialize("t", headers, empty.getBytes(StandardCharsets.UTF_8)), empty);
            assertArrayEquals(empty.getBytes(StandardCharsets.UTF_8), SuiteEventDeserializer.receivedValue(headers));
        }
        assertNull(new Backups().deserialize("t", headers(BACKUP), (byte[]) null));
        SerializationException bad = assertThrows(
                SerializationException.class,
                () -> new Backups().deserialize("t", headers(BACKUP), "{".getBytes(StandardCharsets.UTF_8)));
        assertTrue(bad.getMessage().startsWith("not_json: "), bad.getMessage());
    }

    @Test
    void thePlainFormKeepsNothingAndDropsAPlantedValue() {
        RecordHeaders headers = headers(BACKUP);
        headers.add(SuiteEventDeserializer.RECEIVED_VALUE, "{}".getBytes(StandardCharsets.UTF_8));
        assertThrows(
                SerializationException.class,
                () -> new SuiteEventDeserializer().deserialize("t", headers, "null".getBytes(StandardCharsets.UTF_8)));
        assertNull(SuiteEventDeserializer.receivedValue(headers));
    }
}
