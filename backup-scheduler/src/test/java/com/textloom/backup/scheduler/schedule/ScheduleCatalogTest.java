package com.textloom.backup.scheduler.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.BackupType;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduleCatalogTest {

    private static ScheduleCatalog with(Map<String, String> env) {
        return ScheduleCatalog.fromVariables(name -> Optional.ofNullable(env.get(name)));
    }

    @Test
    void defaultsCoverTheGuidesSchedulesAndTheDrills() {
        ScheduleCatalog catalog = ScheduleCatalog.defaults();
        assertEquals(
                List.of(
                        "daily",
                        "weekly",
                        "monthly",
                        "incremental",
                        "frequent",
                        "cleanup",
                        "restore_test",
                        "dr_drill",
                        "verify"),
                catalog.names());
        Schedule daily = catalog.find("daily").orElseThrow();
        assertEquals("0 2 * * *", daily.cron().expression());
        assertEquals(ScheduleKind.BACKUP, daily.kind());
        assertEquals(BackupType.DAILY, daily.backupType());
        assertEquals(List.of("database", "redis", "workspace", "logs"), daily.components());
        assertTrue(daily.enabled());
        Schedule incremental = catalog.find("incremental").orElseThrow();
        assertEquals(BackupType.INCREMENTAL, incremental.backupType());
        assertEquals(List.of("database", "redis", "workspace", "logs"), incremental.components());
        assertEquals(List.of("redis"), catalog.find("frequent").orElseThrow().components());
        Schedule restoreTest = catalog.find("restore_test").orElseThrow();
        assertEquals(ScheduleKind.DRILL, restoreTest.kind());
        assertEquals("0 6 1 * *", restoreTest.cron().expression(), "monthly");
        assertEquals(List.of("database_failure", "redis_failure"), restoreTest.scenarios());
        assertTrue(restoreTest.components().isEmpty());
        Schedule drDrill = catalog.find("dr_drill").orElseThrow();
        assertEquals("0 7 1 1,4,7,10 *", drDrill.cron().expression(), "quarterly");
        assertEquals(List.of("full_disaster"), drDrill.scenarios());
        java.time.Instant jan = java.time.Instant.parse("2026-01-01T07:00:00Z");
        assertEquals(
                java.time.Instant.parse("2026-04-01T07:00:00Z"),
                drDrill.cron().nextAfter(jan).orElseThrow());
        Schedule cleanup = catalog.find("cleanup").orElseThrow();
        assertEquals(ScheduleKind.RETENTION, cleanup.kind());
        assertTrue(cleanup.components().isEmpty());
        assertNull(cleanup.backupType());
        assertEquals(ZoneId.of("UTC"), catalog.zone());
        assertEquals(Duration.ofHours(24), catalog.catchUpWindow());
    }

    @Test
    void drillSchedulesAreOverriddenLikeTheOthersAndUnknownScenariosAreRefused() {
        ScheduleCatalog catalog = with(Map.of(
                "BACKUP_SCHEDULE_RESTORE_TEST", "30 5 * * 1",
                "BACKUP_SCHEDULE_RESTORE_TEST_SCENARIOS", "redis_failure",
                "BACKUP_SCHEDULE_DR_DRILL_ENABLED", "false"));
        assertEquals(
                "30 5 * * 1", catalog.find("restore_test").orElseThrow().cron().expression());
        assertEquals(
                List.of("redis_failure"),
                catalog.find("restore_test").orElseThrow().scenarios());
        assertFalse(catalog.find("dr_drill").orElseThrow().enabled());
        ScheduleConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                ScheduleConfigException.class,
                () -> with(Map.of("BACKUP_SCHEDULE_DR_DRILL_SCENARIOS", "meteor_strike")));
        assertTrue(e.getMessage().contains("BACKUP_SCHEDULE_DR_DRILL_SCENARIOS"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown scenario 'meteor_strike'"), e.getMessage());
    }

    @Test
    void variablesOverrideCronComponentsEnablementZoneAndCatchUp() {
        ScheduleCatalog catalog = with(Map.of(
                "BACKUP_SCHEDULE_DAILY", "15 1 * * *",
                "BACKUP_SCHEDULE_DAILY_COMPONENTS", " Database, redis ",
                "BACKUP_SCHEDULE_WEEKLY_ENABLED", "false",
                "BACKUP_SCHEDULE_TIMEZONE", "Asia/Shanghai",
                "BACKUP_SCHEDULE_CATCHUP_HOURS", "6"));
        Schedule daily = catalog.find("DAILY").orElseThrow();
        assertEquals("15 1 * * *", daily.cron().expression());
        assertEquals(ZoneId.of("Asia/Shanghai"), daily.cron().zone());
        assertEquals(List.of("database", "redis"), daily.components());
        assertFalse(catalog.find("weekly").orElseThrow().enabled());
        assertEquals(Duration.ofHours(6), catalog.catchUpWindow());
    }

    @Test
    void aWrongCronNamesTheVariable() {
        ScheduleConfigException e = assertThrows(
                ScheduleConfigException.class, () -> with(Map.of("BACKUP_SCHEDULE_WEEKLY", "0 3 * * funday")));
        assertEquals("BACKUP_SCHEDULE_WEEKLY", e.variable());
        assertTrue(e.getMessage().startsWith("BACKUP_SCHEDULE_WEEKLY=\"0 3 * * funday\" is invalid"), e.getMessage());
    }

    @Test
    void otherWrongValuesNameTheirVariable() {
        assertEquals(
                "BACKUP_SCHEDULE_DAILY_COMPONENTS",
                assertThrows(
                                ScheduleConfigException.class,
                                () -> with(Map.of("BACKUP_SCHEDULE_DAILY_COMPONENTS", "database,mongodb")))
                        .variable());
        assertEquals(
                "BACKUP_SCHEDULE_CLEANUP_ENABLED",
                assertThrows(
                                ScheduleConfigException.class,
                                () -> with(Map.of("BACKUP_SCHEDULE_CLEANUP_ENABLED", "maybe")))
                        .variable());
        assertEquals(
                "BACKUP_SCHEDULE_TIMEZONE",
                assertThrows(
                                ScheduleConfigException.class,
                                () -> with(Map.of("BACKUP_SCHEDULE_TIMEZONE", "Mars/Olympus")))
                        .variable());
        assertEquals(
                "BACKUP_SCHEDULE_CATCHUP_HOURS",
                assertThrows(ScheduleConfigException.class, () -> with(Map.of("BACKUP_SCHEDULE_CATCHUP_HOURS", "-1")))
                        .variable());
    }
}
