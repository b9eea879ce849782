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
    void defaultsCoverTheGuidesFiveSchedules() {
        ScheduleCatalog catalog = ScheduleCatalog.defaults();
        assertEquals(List.of("daily", "weekly", "monthly", "incremental", "cleanup"), catalog.names());
        Schedule daily = catalog.find("daily").orElseThrow();
        assertEquals("0 2 * * *", daily.cron().expression());
        assertEquals(ScheduleKind.BACKUP, daily.kind());
        assertEquals(BackupType.DAILY, daily.backupType());
        assertEquals(List.of("database", "redis", "workspace", "logs"), daily.components());
        assertTrue(daily.enabled());
        Schedule incremental = catalog.find("incremental").orElseThrow();
        assertEquals(BackupType.INCREMENTAL, incremental.backupType());
        assertEquals(List.of("database", "redis", "workspace"), incremental.components());
        Schedule cleanup = catalog.find("cleanup").orElseThrow();
        assertEquals(ScheduleKind.RETENTION, cleanup.kind());
        assertTrue(cleanup.components().isEmpty());
        assertNull(cleanup.backupType());
        assertEquals(ZoneId.of("UTC"), catalog.zone());
        assertEquals(Duration.ofHours(24), catalog.catchUpWindow());
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
        ScheduleConfigException e = assertThrows(ScheduleConfigException.class,
                () -> with(Map.of("BACKUP_SCHEDULE_WEEKLY", "0 3 * * funday")));
        assertEquals("BACKUP_SCHEDULE_WEEKLY", e.variable());
        assertTrue(e.getMessage().startsWith("BACKUP_SCHEDULE_WEEKLY=\"0 3 * * funday\" is invalid"), e.getMessage());
    }

    @Test
    void otherWrongValuesNameTheirVariable() {
        assertEquals("BACKUP_SCHEDULE_DAILY_COMPONENTS", assertThrows(ScheduleConfigException.class,
                () -> with(Map.of("BACKUP_SCHEDULE_DAILY_COMPONENTS", "database,mongodb"))).variable());
        assertEquals("BACKUP_SCHEDULE_CLEANUP_ENABLED", assertThrows(ScheduleConfigException.class,
                () -> with(Map.of("BACKUP_SCHEDULE_CLEANUP_ENABLED", "maybe"))).variable());
        assertEquals("BACKUP_SCHEDULE_TIMEZONE", assertThrows(ScheduleConfigException.class,
                () -> with(Map.of("BACKUP_SCHEDULE_TIMEZONE", "Mars/Olympus"))).variable());
        assertEquals("BACKUP_SCHEDULE_CATCHUP_HOURS", assertThrows(ScheduleConfigException.class,
                () -> with(Map.of("BACKUP_SCHEDULE_CATCHUP_HOURS", "-1"))).variable());
    }
}
