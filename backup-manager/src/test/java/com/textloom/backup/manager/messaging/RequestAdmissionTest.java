package com.textloom.backup.manager.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.events.StorageSwitchRequested;
import com.textloom.backup.events.SuiteEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * Without BACKUP_EVENT_SIGNING_KEY: destructive requests (storage switches included) are refused, the others run
 * unsigned; a record carrying no request is refused as empty.
 */
class RequestAdmissionTest {

    private final RequestAdmission admission = new RequestAdmission();

    private Optional<String> refusal(SuiteEvent request) {
        return admission.refusal(request, EventTypes.typeOf(request), new RecordHeaders(), new byte[0]);
    }

    private static RestoreRequested restore(boolean inPlace, boolean dryRun) {
        return new RestoreRequested(
                "r",
                "default",
                "20250820_120000",
                List.of("workspace"),
                inPlace ? null : "/tmp/x",
                null,
                null,
                inPlace,
                dryRun,
                "test",
                Instant.now(),
                null);
    }

    private static RetentionRequested retention(boolean dryRun) {
        return new RetentionRequested("r", "default", null, dryRun, "test", Instant.now(), null, null);
    }

    @Test
    void withoutAKeyInPlaceRestoresAndRetentionAreRefusedNamingTheVariable() {
        assertFalse(admission.signing());
        assertTrue(refusal(restore(true, false)).orElseThrow().contains("BACKUP_EVENT_SIGNING_KEY"));
        assertTrue(refusal(retention(false)).orElseThrow().startsWith("unsigned:"));
    }

    @Test
    void withoutAKeyBackupsRestoresIntoNewTargetsAndDryRunsRunUnsigned() {
        assertEquals(Optional.empty(), refusal(restore(false, false)));
        assertEquals(Optional.empty(), refusal(restore(true, true)));
        assertEquals(Optional.empty(), refusal(retention(true)));
        assertEquals(
                Optional.empty(),
                refusal(new BackupRequested(
                        "r", "default", BackupType.FULL, List.of(), "test", Instant.now(), null, null, null)));
    }

    @Test
    void withoutAKeyEveryStorageSwitchIsRefused() {
        for (String action : List.of(
                StorageSwitchRequested.USE_REMOTE,
                StorageSwitchRequested.REBUILD_LOCAL,
                StorageSwitchRequested.USE_LOCAL)) {
            StorageSwitchRequested req = new StorageSwitchRequested(
                    "s", "default", action, "local:/elsewhere", false, "test", Instant.now(), null);
            assertTrue(RequestAdmission.isDestructive(req), action);
            assertTrue(refusal(req).orElseThrow().startsWith("unsigned:"), action);
        }
    }

    /**
     * Through the channels' deserializers ({@link RequestDeserializer}, the storage consumer's
     * {@link com.textloom.backup.manager.storage.StorageRequestDeserializer}): an empty value is no event, whatever its
     * {@code ce_type} (none, unknown, a request), and no event is refused as empty.
     */
    @Test
    void aRecordWithoutARequestIsRefusedAsEmptyWhateverItsType() {
        List<String> types =
                java.util.Arrays.asList(null, "com.example.unknown.v1", EventTypes.typeOf(RetentionRequested.class));
        for (String type : types) {
            for (String value : new String[] {"null", " null\n", "", "  ", null}) {
                RecordHeaders headers = new RecordHeaders();
                if (type != null) {
                    headers.add("ce_type", type.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                SuiteEvent read = new RequestDeserializer()
                        .deserialize(
                                "requests",
                                headers,
                                value == null ? null : value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertEquals(null, read, type + " '" + value + "'");
                RequestAdmission.Verdict v = admission.admit(Message.of(read), Set.of(RetentionRequested.class));
                assertEquals(new RequestAdmission.Refused(RequestAdmission.EMPTY, null), v, type + " '" + value + "'");
            }
        }
        RecordHeaders storage = new RecordHeaders();
        storage.add(
                "ce_type",
                EventTypes.typeOf(StorageSwitchRequested.class).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        SuiteEvent read = new com.textloom.backup.manager.storage.StorageRequestDeserializer()
                .deserialize("requests", storage, "null".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(
                new RequestAdmission.Refused(RequestAdmission.EMPTY, null),
                admission.admit(Message.of(read), Set.of(StorageSwitchRequested.class)));
    }
}
