package com.textloom.backup.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What a consumer does with records it cannot read: a typed reason, never a half-read event. */
class EventCodecTest {

    private final EventCodec codec = new EventCodec();
    private final String requested = EventTypes.typeOf(BackupRequested.class);

    @Test
    void aVerifyRequestWithoutReadDataPercentReadsEveryPackAndThePercentRoundTrips() throws Exception {
        ObjectNode json = (ObjectNode) Goldens.json(VerifyRequested.class).deepCopy();
        VerifyRequested sampled = codec.decode(VerifyRequested.class, Goldens.bytes(VerifyRequested.class));
        assertEquals(15, sampled.readDataPercent());
        assertEquals(
                sampled, codec.decode(VerifyRequested.class, EventJson.mapper().writeValueAsBytes(sampled)));
        json.remove("read_data_percent"); // a request from before the field: every pack, and none written back
        VerifyRequested old =
                codec.decode(VerifyRequested.class, json.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(null, old.readDataPercent());
        assertTrue(!EventJson.mapper().writeValueAsString(old).contains("read_data_percent"));
        json.put("read_data_percent", 101);
        assertThrows(
                UnreadableEventException.class,
                () -> codec.decode(VerifyRequested.class, json.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The scheduler's verify names its schedule and slot (for attribution after a restart); older requests stay valid. */
    @Test
    void aScheduledVerifyNamesItsScheduleAndSlotAndARequestWithoutThemStaysValid() throws Exception {
        scheduledRequestNamesItsScheduleAndSlot(
                VerifyRequested.class,
                VerifyRequested::schedule,
                VerifyRequested::slot,
                "verify",
                Instant.parse("2025-08-20T08:00:00Z"));
    }

    /** The scheduler's drills name their schedule and slot too; a drill asked by a person or an older one stays valid. */
    @Test
    void aScheduledDrillNamesItsScheduleAndSlotAndARequestWithoutThemStaysValid() throws Exception {
        scheduledRequestNamesItsScheduleAndSlot(
                DrillRequested.class,
                DrillRequested::schedule,
                DrillRequested::slot,
                "restore_test",
                Instant.parse("2025-08-20T03:00:00Z"));
    }

    /**
     * A drill's result says who asked, as its request did (before: DrillCompleted had no requester, schedule or slot;
     * the golden carrying them was seen failing the round trip); a result from before the fields stays valid.
     */
    @Test
    void aDrillsResultNamesWhoAskedAndAResultWithoutItStaysValid() throws Exception {
        scheduledRequestNamesItsScheduleAndSlot(
                DrillCompleted.class,
                DrillCompleted::schedule,
                DrillCompleted::slot,
                "restore_test",
                Instant.parse("2025-08-20T09:00:00Z"));
        assertEquals(
                "scheduler",
                codec.decode(DrillCompleted.class, Goldens.bytes(DrillCompleted.class))
                        .requestedBy());
        ObjectNode json = (ObjectNode) Goldens.json(DrillCompleted.class).deepCopy();
        json.remove(List.of("requested_by", "schedule", "slot"));
        DrillCompleted old = codec.decode(DrillCompleted.class, json.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(null, old.requestedBy());
        assertTrue(!EventJson.mapper().writeValueAsString(old).contains("requested_by"));
    }

    private <T extends SuiteEvent> void scheduledRequestNamesItsScheduleAndSlot(
            Class<T> type,
            Function<T, String> schedule,
            Function<T, Instant> slot,
            String expectedSchedule,
            Instant expectedSlot)
            throws Exception {
        ObjectNode json = (ObjectNode) Goldens.json(type).deepCopy();
        T scheduled = codec.decode(type, Goldens.bytes(type));
        assertEquals(expectedSchedule, schedule.apply(scheduled));
        assertEquals(expectedSlot, slot.apply(scheduled));
        assertEquals(scheduled, codec.decode(type, EventJson.mapper().writeValueAsBytes(scheduled)));
        json.remove("schedule");
        json.remove("slot"); // a request from before the fields, or not from the scheduler: none written back
        T old = codec.decode(type, json.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(null, schedule.apply(old));
        assertEquals(null, slot.apply(old));
        String written = EventJson.mapper().writeValueAsString(old);
        assertTrue(!written.contains("\"schedule\"") && !written.contains("\"slot\""), written);
        json.put("schedule", "");
        assertThrows(
                UnreadableEventException.class,
                () -> codec.decode(type, json.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aPayloadThatIsNotJsonIsRejectedAsNotJson() {
        UnreadableEventException e = assertThrows(
                UnreadableEventException.class,
                () -> codec.decode(requested, "this is not json".getBytes(StandardCharsets.UTF_8)));
        assertEquals(UnreadableEventException.Kind.NOT_JSON, e.kind());
        assertTrue(e.reason().startsWith("not_json: "), e.reason());
    }

    @Test
    void anEmptyPayloadIsRejectedAsNotJson() {
        UnreadableEventException e =
                assertThrows(UnreadableEventException.class, () -> codec.decode(requested, new byte[0]));
        assertEquals(UnreadableEventException.Kind.NOT_JSON, e.kind());
    }

    @Test
    void anUnknownTypeIsRejectedNamingTheType() {
        UnreadableEventException e = assertThrows(
                UnreadableEventException.class,
                () -> codec.decode("com.textloom.backup.backup-exploded.v1", Goldens.bytes(BackupRequested.class)));
        assertEquals(UnreadableEventException.Kind.UNKNOWN_TYPE, e.kind());
        assertTrue(e.getMessage().contains("backup-exploded"), e.getMessage());
    }

    @Test
    void aMissingTypeIsRejected() {
        UnreadableEventException e = assertThrows(
                UnreadableEventException.class,
                () -> codec.decode((String) null, Goldens.bytes(BackupRequested.class)));
        assertEquals(UnreadableEventException.Kind.MISSING_TYPE, e.kind());
    }

    @Test
    void aMissingRequiredFieldIsASchemaViolationNamingTheField() {
        ObjectNode json = (ObjectNode) Goldens.json(BackupRequested.class);
        json.remove("repository");
        UnreadableEventException e = assertThrows(
                UnreadableEventException.class,
                () -> codec.decode(requested, json.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals(UnreadableEventException.Kind.SCHEMA_VIOLATION, e.kind());
        assertTrue(e.getMessage().contains("repository"), e.getMessage());
    }

    @Test
    void aValueOutsideTheEnumerationIsASchemaViolationNamingTheField() {
        ObjectNode json = (ObjectNode) Goldens.json(BackupCompleted.class);
        json.put("status", "kind of ok");
        UnreadableEventException e = assertThrows(
                UnreadableEventException.class,
                () -> codec.decode(BackupCompleted.class, json.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals(UnreadableEventException.Kind.SCHEMA_VIOLATION, e.kind());
        assertTrue(e.getMessage().contains("status"), e.getMessage());
    }

    @Test
    void aBackupIdNotInTheGuidesFormIsASchemaViolation() {
        ObjectNode json = (ObjectNode) Goldens.json(BackupStarted.class);
        json.put("backup_id", "yesterday");
        UnreadableEventException e = assertThrows(
                UnreadableEventException.class,
                () -> codec.decode(BackupStarted.class, json.toString().getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("backup_id"), e.getMessage());
    }

    @Test
    void anAlertAboutTheWholeSuiteNamesRepositoryStarWhileOtherEventsNeedARepositoryName() throws Exception {
        for (Class<? extends SuiteEvent> alert :
                List.of(AlertRaised.class, AlertResolved.class, AlertAcknowledged.class)) {
            ObjectNode json = (ObjectNode) Goldens.json(alert);
            json.put("repository", "*");
            assertEquals(
                    "*",
                    codec.decode(alert, json.toString().getBytes(StandardCharsets.UTF_8))
                            .repository());
            json.put("repository", "*main");
            assertThrows(
                    UnreadableEventException.class,
                    () -> codec.decode(alert, json.toString().getBytes(StandardCharsets.UTF_8)));
        }
        ObjectNode started = (ObjectNode) Goldens.json(BackupStarted.class);
        started.put("repository", "*");
        assertThrows(
                UnreadableEventException.class,
                () -> codec.decode(BackupStarted.class, started.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aTimeThatIsNotIsoIsASchemaViolation() {
        ObjectNode json = (ObjectNode) Goldens.json(AlertResolved.class);
        json.put("resolved_at", "last tuesday");
        UnreadableEventException e = assertThrows(
                UnreadableEventException.class,
                () -> codec.decode(AlertResolved.class, json.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals(UnreadableEventException.Kind.SCHEMA_VIOLATION, e.kind());
    }

    @Test
    void optionalFieldsMayBeExplicitNullsAndListsMayBeAbsent() throws Exception {
        String json = """
                {"request_id":"r-1","repository":"default","type":"full","requested_by":"cli",
                 "requested_at":"2025-08-20T12:00:00Z","backup_id":null,"schedule":null}""";
        BackupRequested read = codec.decode(BackupRequested.class, json.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), read.components());
        assertEquals(BackupType.FULL, read.type());
        assertEquals(Instant.parse("2025-08-20T12:00:00Z"), read.requestedAt());
    }

    @Test
    void aRecordRefusesABlankRepositoryNamingTheField() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new AlertAcknowledged("a-1", null, " ", "ops", Instant.now(), null));
        assertEquals("repository is required", e.getMessage());
    }

    @Test
    void aRestoreTargetRedisWithCredentialsIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new RestoreRequested(
                        "r",
                        "default",
                        "20250820_120000",
                        List.of(),
                        null,
                        null,
                        "redis://:secret@host:6379/0",
                        false,
                        true,
                        "ops",
                        Instant.now(),
                        null));
    }

    @Test
    void aRecoveryRequestNeedsAScenarioAndABackupIdInTheGuidesForm() {
        ObjectNode json = (ObjectNode) Goldens.json(RecoveryRequested.class);
        json.remove("scenario");
        UnreadableEventException missing = assertThrows(
                UnreadableEventException.class,
                () -> codec.decode(RecoveryRequested.class, json.toString().getBytes(StandardCharsets.UTF_8)));
        assertTrue(missing.getMessage().contains("scenario"), missing.getMessage());
        ObjectNode drill = (ObjectNode) Goldens.json(DrillRequested.class);
        drill.put("backup_id", "latest");
        UnreadableEventException badId = assertThrows(
                UnreadableEventException.class,
                () -> codec.decode(DrillRequested.class, drill.toString().getBytes(StandardCharsets.UTF_8)));
        assertTrue(badId.getMessage().contains("backup_id"), badId.getMessage());
    }

    @Test
    void aRecoveryRequestWithoutBackupOrSourceLeavesTheChoiceToDisasterRecovery() throws Exception {
        String json = """
                {"request_id":"r-1","repository":"default","scenario":"full_disaster","dry_run":true,
                 "force":false,"requested_by":"cli","requested_at":"2025-08-20T12:00:00Z","source":null}""";
        RecoveryRequested read = codec.decode(RecoveryRequested.class, json.getBytes(StandardCharsets.UTF_8));
        assertEquals(null, read.backupId());
        assertEquals(null, read.source());
        assertTrue(read.dryRun());
        assertEquals(
                -1,
                new String(codec.encode(read), StandardCharsets.UTF_8).indexOf("source"),
                "an absent source is omitted, not written as null");
    }
}
