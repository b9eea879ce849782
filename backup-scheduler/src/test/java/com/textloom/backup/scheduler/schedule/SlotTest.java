package com.textloom.backup.scheduler.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SlotTest {

    @Test
    void theSameScheduleAndTimeAlwaysGiveTheSameRequestId() {
        Instant time = Instant.parse("2025-08-20T02:00:00Z");
        assertEquals(
                new Slot("daily", time).requestId(),
                new Slot("daily", Instant.parse("2025-08-20T02:00:00Z")).requestId());
        assertEquals(
                UUID.nameUUIDFromBytes("daily@2025-08-20T02:00:00Z".getBytes(StandardCharsets.UTF_8)),
                new Slot("daily", time).requestId(),
                "the id is the name-based UUID of the documented key");
    }

    @Test
    void anotherScheduleOrAnotherTimeGivesAnotherRequestId() {
        Instant time = Instant.parse("2025-08-20T02:00:00Z");
        assertNotEquals(new Slot("daily", time).requestId(), new Slot("weekly", time).requestId());
        assertNotEquals(new Slot("daily", time).requestId(), new Slot("daily", time.plusSeconds(86_400)).requestId());
    }

    @Test
    void manualRunsGetAFreshIdEachTime() {
        Schedule daily = ScheduleCatalog.defaults().find("daily").orElseThrow();
        Instant now = Instant.parse("2025-08-20T02:00:00Z");
        assertNotEquals(
                FireRequest.manual(daily, now).requestId(),
                FireRequest.manual(daily, now).requestId());
        assertEquals(
                FireRequest.forSlot(daily, now, Trigger.SCHEDULED, now).requestId(),
                FireRequest.forSlot(daily, now, Trigger.CATCH_UP, now.plusSeconds(30))
                        .requestId());
    }
}
