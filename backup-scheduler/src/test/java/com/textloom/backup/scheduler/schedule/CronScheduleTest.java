package com.textloom.backup.scheduler.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void nextDailySlotIsTheComingTwoOClock() {
        CronSchedule daily = CronSchedule.parse("0 2 * * *", UTC);
        assertEquals(
                Instant.parse("2025-08-20T02:00:00Z"),
                daily.nextAfter(Instant.parse("2025-08-19T15:07:12Z")).orElseThrow());
        assertEquals(
                Instant.parse("2025-08-21T02:00:00Z"),
                daily.nextAfter(Instant.parse("2025-08-20T02:00:00Z")).orElseThrow(),
                "next is strictly after a slot");
    }

    @Test
    void weeklySlotFallsOnSunday() {
        CronSchedule weekly = CronSchedule.parse("0 3 * * 0", UTC);
        // 2025-08-20 is a Wednesday; the next Sunday is 2025-08-24
        assertEquals(
                Instant.parse("2025-08-24T03:00:00Z"),
                weekly.nextAfter(Instant.parse("2025-08-20T12:00:00Z")).orElseThrow());
    }

    @Test
    void monthlySlotFallsOnTheFirstOfTheNextMonth() {
        CronSchedule monthly = CronSchedule.parse("0 4 1 * *", UTC);
        assertEquals(
                Instant.parse("2025-09-01T04:00:00Z"),
                monthly.nextAfter(Instant.parse("2025-08-20T12:00:00Z")).orElseThrow());
        assertEquals(
                Instant.parse("2026-01-01T04:00:00Z"),
                monthly.nextAfter(Instant.parse("2025-12-01T04:00:00Z")).orElseThrow());
    }

    @Test
    void latestSlotAtOrBeforeIncludesASlotExactlyAtTheInstant() {
        CronSchedule daily = CronSchedule.parse("0 2 * * *", UTC);
        assertEquals(
                Instant.parse("2025-08-20T02:00:00Z"),
                daily.latestAtOrBefore(Instant.parse("2025-08-20T02:00:00Z")).orElseThrow());
        assertEquals(
                Instant.parse("2025-08-19T02:00:00Z"),
                daily.latestAtOrBefore(Instant.parse("2025-08-20T01:59:59Z")).orElseThrow());
        assertEquals(
                Instant.parse("2025-08-20T02:00:00Z"),
                daily.latestAtOrBefore(Instant.parse("2025-08-20T13:45:00.5Z")).orElseThrow());
    }

    @Test
    void slotsFollowTheConfiguredTimeZone() {
        CronSchedule shanghai = CronSchedule.parse("0 2 * * *", ZoneId.of("Asia/Shanghai"));
        assertEquals(
                Instant.parse("2025-08-19T18:00:00Z"),
                shanghai.nextAfter(Instant.parse("2025-08-19T12:00:00Z")).orElseThrow());
    }

    @Test
    void quartzSyntaxWithSecondsIsAccepted() {
        CronSchedule everyTenSeconds = CronSchedule.parse("*/10 * * * * ?", UTC);
        assertEquals(
                Instant.parse("2025-08-20T02:00:10Z"),
                everyTenSeconds.nextAfter(Instant.parse("2025-08-20T02:00:03Z")).orElseThrow());
    }

    @Test
    void malformedExpressionsAreRejectedWithTheReason() {
        IllegalArgumentException wrongCount =
                assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("0 2 * *", UTC));
        assertTrue(wrongCount.getMessage().contains("5 fields"), wrongCount.getMessage());
        IllegalArgumentException badHour =
                assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("0 25 * * *", UTC));
        assertTrue(badHour.getMessage().contains("0 25 * * *"), badHour.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("every day", UTC));
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("  ", UTC));
    }

    /**
     * The Quartz form quarkus-scheduler's cron job wakes the schedule with has the same slots as the expression, for
     * every shipped default, the README's examples and day-of-week ranges, in a zone with daylight saving time.
     */
    @Test
    void theQuartzFormTheJobsRunOnHasTheSameSlots() {
        CronParser quartzParser = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        List<String> expressions =
                new ArrayList<>(ScheduleCatalog.fromVariables(name -> Optional.empty()).schedules().stream()
                        .map(s -> s.cron().expression())
                        .toList());
        expressions.addAll(List.of(
                "*/10 * * * *", "15 1-5 * * 1-5", "0 0 * * 6,0", "0 12 15 */2 *", "*/3 * * * * ?", "0 0 2 * * ?"));
        for (String expression : expressions) {
            CronSchedule cron = CronSchedule.parse(expression, berlin);
            ExecutionTime quartz = ExecutionTime.forCron(quartzParser.parse(cron.quartzExpression()));
            Instant at = Instant.parse("2025-03-01T00:00:00Z");
            for (int i = 0; i < 200 && at.isBefore(Instant.parse("2090-01-01T00:00:00Z")); i++) { // Quartz ends at 2099
                Instant next = cron.nextAfter(at).orElseThrow();
                assertEquals(
                        next,
                        quartz.nextExecution(ZonedDateTime.ofInstant(at, berlin))
                                .map(ZonedDateTime::toInstant)
                                .orElse(null),
                        expression + " as " + cron.quartzExpression() + " after " + at);
                at = next;
            }
        }
        assertEquals("0 0 2 * * ? *", CronSchedule.parse("0 2 * * *", UTC).quartzExpression());
    }
}
