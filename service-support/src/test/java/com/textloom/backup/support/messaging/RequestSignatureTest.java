package com.textloom.backup.support.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.StorageSwitchRequested;
import com.textloom.backup.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class RequestSignatureTest {

    private static final String SECRET = "a-shared-secret-of-the-suite-0123";
    private static final String TYPE = EventTypes.typeOf(RestoreRequested.class);
    private final RequestSignature signature = RequestSignature.of(SECRET);
    private final Instant now = Instant.parse("2026-12-03T12:00:00Z");

    private static byte[] payload(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private RecordHeaders signed(byte[] payload, Instant at) {
        RecordHeaders headers = new RecordHeaders();
        signature.sign(headers, TYPE, payload, at);
        return headers;
    }

    @Test
    void aSignedRequestVerifiesAndAnyChangeToPayloadTypeOrTimeDoesNot() {
        byte[] body = payload("{\"request_id\":\"r1\",\"in_place\":true}");
        RecordHeaders headers = signed(body, now);
        assertEquals(Optional.empty(), signature.verify(headers, TYPE, body, now.plusSeconds(1)));

        Optional<String> tampered =
                signature.verify(headers, TYPE, payload("{\"request_id\":\"r2\",\"in_place\":true}"), now);
        assertTrue(tampered.orElseThrow().startsWith("bad_signature:"), tampered.toString());
        assertTrue(
                signature
                        .verify(headers, EventTypes.typeOf(BackupCompleted.class), body, now)
                        .isPresent(),
                "type");

        String value = CloudEventRecords.header(headers, RequestSignature.HEADER);
        RecordHeaders moved = new RecordHeaders();
        moved.add(
                RequestSignature.HEADER,
                value.replaceFirst("t=\\d+", "t=" + now.plusSeconds(60).toEpochMilli())
                        .getBytes(StandardCharsets.UTF_8));
        assertTrue(signature.verify(moved, TYPE, body, now).orElseThrow().startsWith("bad_signature:"), "time");
    }

    @Test
    void anotherSecretAMissingOrMalformedHeaderAreRefusedWithTheirReason() {
        byte[] body = payload("{}");
        RecordHeaders headers = signed(body, now);
        assertTrue(RequestSignature.of("another-secret-of-the-suite-0123")
                .verify(headers, TYPE, body, now)
                .orElseThrow()
                .startsWith("bad_signature:"));
        assertTrue(signature
                .verify(new RecordHeaders(), TYPE, body, now)
                .orElseThrow()
                .startsWith("unsigned:"));
        assertTrue(signature.verify(null, TYPE, body, now).orElseThrow().startsWith("unsigned:"));
        RecordHeaders junk = new RecordHeaders();
        junk.add(RequestSignature.HEADER, "t=abc,v1=***".getBytes(StandardCharsets.UTF_8));
        assertTrue(signature.verify(junk, TYPE, body, now).orElseThrow().startsWith("bad_signature:"));
    }

    @Test
    void aStaleOrFutureSignatureIsRefused() {
        byte[] body = payload("{}");
        Instant old = now.minus(RequestSignature.MAX_AGE).minusSeconds(1);
        assertTrue(signature
                .verify(signed(body, old), TYPE, body, now)
                .orElseThrow()
                .startsWith("stale_signature:"));
        assertEquals(
                Optional.empty(), signature.verify(signed(body, now.minus(Duration.ofHours(23))), TYPE, body, now));
        Instant future = now.plus(RequestSignature.MAX_SKEW).plusSeconds(1);
        assertTrue(signature
                .verify(signed(body, future), TYPE, body, now)
                .orElseThrow()
                .startsWith("stale_signature:"));
    }

    @Test
    void theKeyIsHkdfSha256AsRfc5869TestCaseOneSays() {
        byte[] ikm = HexFormat.of().parseHex("0b".repeat(22));
        byte[] salt = HexFormat.of().parseHex("000102030405060708090a0b0c");
        byte[] info = HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9");
        assertArrayEquals(
                HexFormat.of().parseHex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"),
                RequestSignature.hkdf(ikm, salt, info));
    }

    @Test
    void aShortSecretIsRefusedNamingTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RequestSignature.of("short"));
        assertTrue(e.getMessage().contains("BACKUP_EVENT_SIGNING_KEY"));
    }

    @Test
    void plainRecordsSignRequestsOnlyOverTheBytesTheyCarry() {
        RestoreRequested restore = new RestoreRequested(
                "r1",
                "default",
                "20250820_120000",
                List.of("workspace"),
                null,
                null,
                null,
                true,
                false,
                "test",
                now,
                null);
        ProducerRecord<String, byte[]> record =
                CloudEventRecords.record(Topics.REQUESTS, restore, "test", now, null, signature);
        assertEquals(Optional.empty(), signature.verify(record.headers(), TYPE, record.value(), Instant.now()));

        BackupCompleted completed = new BackupCompleted(
                "r1",
                "20250820_120000",
                "default",
                BackupType.DAILY,
                Outcome.SUCCESS,
                "s",
                "test",
                now,
                now,
                1,
                List.of(),
                List.of(),
                null);
        ProducerRecord<String, byte[]> event =
                CloudEventRecords.record(Topics.BACKUP_EVENTS, completed, "test", now, null, signature);
        assertNull(event.headers().lastHeader(RequestSignature.HEADER), "only requests are signed");
        assertFalse(RequestSignature.isRequest(completed));
    }

    @Test
    void theChannelSerializerSignsRequestsWhenTheKeyIsConfigured() {
        System.setProperty("backup.event-signing-key", SECRET);
        try (SuiteEventSerializer serializer = new SuiteEventSerializer()) {
            serializer.configure(java.util.Map.of(), false);
            RestoreRequested restore = new RestoreRequested(
                    "r1", "default", "20250820_120000", List.of(), null, null, null, true, false, "test", now, null);
            RecordHeaders headers = new RecordHeaders();
            byte[] value = serializer.serialize(Topics.REQUESTS, headers, restore);
            assertEquals(Optional.empty(), signature.verify(headers, TYPE, value, Instant.now()));
        } finally {
            System.clearProperty("backup.event-signing-key");
        }
    }

    @Test
    void aStorageSwitchIsARequestTheChannelSerializerSigns() {
        StorageSwitchRequested useRemote = new StorageSwitchRequested(
                "s1",
                "default",
                StorageSwitchRequested.USE_REMOTE,
                "s3:http://minio:9000/textloom-backups",
                false,
                "disaster-recovery",
                now,
                null);
        assertTrue(RequestSignature.isRequest(useRemote), "a storage switch redirects every backup: a command");
        System.setProperty("backup.event-signing-key", SECRET);
        try (SuiteEventSerializer serializer = new SuiteEventSerializer()) {
            serializer.configure(java.util.Map.of(), false);
            RecordHeaders headers = new RecordHeaders();
            byte[] value = serializer.serialize(Topics.REQUESTS, headers, useRemote);
            assertEquals(
                    Optional.empty(),
                    signature.verify(headers, EventTypes.typeOf(StorageSwitchRequested.class), value, Instant.now()));
        } finally {
            System.clearProperty("backup.event-signing-key");
        }
    }

    /**
     * Rotation: the new key signs (its key id in the header), the previous one only verifies: what it signed, with a
     * key id or from before key ids, is accepted; a key neither current nor previous is refused naming key ids only.
     */
    @Test
    void afterARotationThePreviousKeyVerifiesButNeverSigns() {
        String newSecret = "the-new-shared-secret-of-the-suite-0123";
        RequestSignature rotated = RequestSignature.of(newSecret, SECRET);
        assertEquals(signature.keyId(), rotated.previousKeyId().orElseThrow());
        assertEquals(RequestSignature.of(newSecret).keyId(), rotated.keyId());
        assertEquals(8, rotated.keyId().length());
        byte[] body = payload("{\"request_id\":\"r1\"}");

        RecordHeaders byOld = signed(body, now); // a service not restarted yet, or a record still on the topic
        assertTrue(
                CloudEventRecords.header(byOld, RequestSignature.HEADER).contains(",kid=" + signature.keyId() + ","));
        assertEquals(Optional.empty(), rotated.verify(byOld, TYPE, body, now));
        RecordHeaders beforeKeyIds = new RecordHeaders();
        beforeKeyIds.add(
                RequestSignature.HEADER,
                CloudEventRecords.header(byOld, RequestSignature.HEADER)
                        .replaceAll(",kid=[^,]*", "")
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), rotated.verify(beforeKeyIds, TYPE, body, now));

        RecordHeaders byNew = new RecordHeaders();
        rotated.sign(byNew, TYPE, body, now);
        assertTrue(
                CloudEventRecords.header(byNew, RequestSignature.HEADER).contains(",kid=" + rotated.keyId() + ","),
                "signed with the current key, never the previous");
        assertEquals(Optional.empty(), RequestSignature.of(newSecret).verify(byNew, TYPE, body, now));
        assertTrue(
                signature.verify(byNew, TYPE, body, now).orElseThrow().startsWith("bad_signature:"),
                "a service that still has only the old key refuses the new one");

        RecordHeaders byStranger = new RecordHeaders();
        RequestSignature.of("a-third-secret-nobody-accepts-0123").sign(byStranger, TYPE, body, now);
        String reason = rotated.verify(byStranger, TYPE, body, now).orElseThrow();
        assertTrue(
                reason.startsWith("bad_signature:")
                        && reason.contains(rotated.keyId())
                        && reason.contains(signature.keyId())
                        && reason.contains(RequestSignature.PREVIOUS_VARIABLE),
                reason);
        assertFalse(reason.contains(SECRET) || reason.contains(newSecret), reason);
        // a forged key id does not pick a key that did not sign: the MAC still decides
        RecordHeaders relabelled = new RecordHeaders();
        relabelled.add(
                RequestSignature.HEADER,
                CloudEventRecords.header(byStranger, RequestSignature.HEADER)
                        .replaceAll("kid=[^,]*", "kid=" + rotated.keyId())
                        .getBytes(StandardCharsets.UTF_8));
        assertTrue(rotated.verify(relabelled, TYPE, body, now).orElseThrow().startsWith("bad_signature:"));
    }

    @Test
    void aPreviousKeyAloneOrTooShortIsRefusedNamingItsVariable() {
        IllegalArgumentException shortPrevious =
                assertThrows(IllegalArgumentException.class, () -> RequestSignature.of(SECRET, "short"));
        assertTrue(
                shortPrevious.getMessage().startsWith(RequestSignature.PREVIOUS_VARIABLE), shortPrevious.getMessage());
        assertTrue(RequestSignature.of(SECRET, SECRET).previousKeyId().isEmpty(), "the same key twice is one key");
        assertTrue(RequestSignature.of(SECRET, " ").previousKeyId().isEmpty());

        System.setProperty("backup.event-signing-key-previous", SECRET);
        try {
            IllegalArgumentException alone = assertThrows(IllegalArgumentException.class, RequestSignature::configured);
            assertTrue(alone.getMessage().contains(RequestSignature.VARIABLE + " is not"), alone.getMessage());
            assertFalse(alone.getMessage().contains(SECRET));
            System.setProperty("backup.event-signing-key", "the-new-shared-secret-of-the-suite-0123");
            assertEquals(
                    signature.keyId(),
                    RequestSignature.configured().orElseThrow().previousKeyId().orElseThrow());
        } finally {
            System.clearProperty("backup.event-signing-key-previous");
            System.clearProperty("backup.event-signing-key");
        }
    }
}
