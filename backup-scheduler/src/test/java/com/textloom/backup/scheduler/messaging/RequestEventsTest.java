package com.textloom.backup.scheduler.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.DrillRequested;
import com.textloom.backup.events.EventCodec;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.events.VerifyRequested;
import com.textloom.backup.scheduler.schedule.FireRequest;
import com.textloom.backup.scheduler.schedule.ScheduleCatalog;
import com.textloom.backup.scheduler.schedule.ScheduleConfigException;
import com.textloom.backup.scheduler.schedule.Slot;
import com.textloom.backup.scheduler.schedule.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestEventsTest {

    private final ScheduleCatalog catalog = ScheduleCatalog.defaults();
    private final EventCodec codec = new EventCodec();

    @Test
    void aScheduledBackupBecomesABackupRequestedWithTheSlotIdThatPassesItsSchema() throws Exception {
        Instant slot = Instant.parse("2025-08-20T02:00:00Z");
        FireRequest request =
                FireRequest.forSlot(catalog.find("daily").orElseThrow(), slot, Trigger.SCHEDULED, slot.plusMillis(40));
        BackupRequested event = (BackupRequested) RequestEvents.toEvent(request, "default");
        assertEquals(new Slot("daily", slot).requestId().toString(), event.requestId());
        assertEquals("default", event.repository());
        assertEquals(BackupType.DAILY, event.type());
        assertEquals(List.of("database", "redis", "workspace", "logs"), event.components());
        assertEquals("scheduler", event.requestedBy());
        assertEquals("daily", event.schedule());
        assertEquals(slot, event.slot());
        assertNull(event.backupId(), "the manager chooses the backup id");
        assertEquals(event, codec.decode(EventTypes.typeOf(BackupRequested.class), codec.encode(event)));
    }

    @Test
    void theCleanupScheduleBecomesARetentionRequestedWithTheManagersPolicy() throws Exception {
        Instant now = Instant.parse("2025-08-20T05:00:00Z");
        FireRequest request = FireRequest.manual(catalog.find("cleanup").orElseThrow(), now);
        RetentionRequested event = (RetentionRequested) RequestEvents.toEvent(request, "default");
        assertEquals(request.requestId().toString(), event.requestId());
        assertNull(event.policy(), "null policy: the manager applies its configured retention");
        assertFalse(event.dryRun());
        assertEquals("cleanup", event.schedule());
        assertNull(event.slot(), "a manual run has no slot");
        assertEquals(event, codec.decode(EventTypes.typeOf(RetentionRequested.class), codec.encode(event)));
    }

    @Test
    void theVerifyScheduleAsksForAVerifyOfTheRepositoryReadingTheConfiguredShareOfPacks() throws Exception {
        Instant slot = Instant.parse("2025-08-20T08:00:00Z");
        FireRequest request = FireRequest.forSlot(catalog.find("verify").orElseThrow(), slot, Trigger.SCHEDULED, slot);
        VerifyRequested event = (VerifyRequested) RequestEvents.toEvent(request, "default");
        assertEquals(new Slot("verify", slot).requestId().toString(), event.requestId());
        assertNull(event.backupId(), "the whole repository");
        assertEquals(true, event.readData());
        assertEquals(35, event.readDataPercent(), "the shipped default");
        assertEquals("verify", event.schedule(), "names its schedule, for attribution after a restart");
        assertEquals(slot, event.slot());
        assertEquals(event, codec.decode(EventTypes.typeOf(VerifyRequested.class), codec.encode(event)));

        Map<String, String> env = Map.of("BACKUP_VERIFY_READ_DATA_PERCENT", "15");
        ScheduleCatalog configured = ScheduleCatalog.fromVariables(n -> Optional.ofNullable(env.get(n)));
        VerifyRequested fifteen = (VerifyRequested) RequestEvents.toEvent(
                FireRequest.manual(configured.find("verify").orElseThrow(), slot), "default");
        assertEquals(15, fifteen.readDataPercent());
        assertEquals("verify", fifteen.schedule());
        assertNull(fifteen.slot(), "a manual run has no slot");
        assertThrows(
                ScheduleConfigException.class,
                () -> ScheduleCatalog.fromVariables(n -> Optional.ofNullable(
                        Map.of("BACKUP_VERIFY_READ_DATA_PERCENT", "150").get(n))));
    }

    @Test
    void aScheduledDrillSlotAsksForOneDrillPerScenarioNamingItsScheduleAndSlot() throws Exception {
        Instant slot = Instant.parse("2025-09-01T06:00:00Z");
        FireRequest request =
                FireRequest.forSlot(catalog.find("restore_test").orElseThrow(), slot, Trigger.SCHEDULED, slot);
        List<DrillRequested> drills = RequestEvents.drills(request, "default");
        assertEquals(
                List.of("database_failure", "redis_failure"),
                drills.stream().map(DrillRequested::scenario).toList());
        for (DrillRequested drill : drills) {
            assertEquals(request.drillId(drill.scenario()).toString(), drill.requestId(), "the slot's drill id");
            assertEquals("restore_test", drill.schedule(), "names its schedule, for attribution after a restart");
            assertEquals(slot, drill.slot());
            assertEquals(drill, codec.decode(EventTypes.typeOf(DrillRequested.class), codec.encode(drill)));
        }
        assertEquals(
                FireRequest.forSlot(
                                catalog.find("restore_test").orElseThrow(),
                                slot,
                                Trigger.CATCH_UP,
                                slot.plusSeconds(90))
                        .drillId("redis_failure"),
                request.drillId("redis_failure"),
                "one id per slot");
        DrillRequested manual = RequestEvents.drills(
                        FireRequest.manual(catalog.find("dr_drill").orElseThrow(), slot), "default")
                .get(0);
        assertEquals("dr_drill", manual.schedule());
        assertNull(manual.slot(), "a manual run has no slot");
    }
}
