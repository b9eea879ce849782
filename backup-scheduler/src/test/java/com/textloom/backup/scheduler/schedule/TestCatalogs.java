package com.textloom.backup.scheduler.schedule;

import java.util.Map;
import java.util.Optional;

/** Catalogs for tests. */
public final class TestCatalogs {

    private TestCatalogs() {
    }

    /** Only the daily schedule enabled, at {@code cron}, with a catch-up window of {@code catchUpHours}. */
    public static ScheduleCatalog onlyDaily(String cron, String catchUpHours) {
        Map<String, String> env = Map.of(
                "BACKUP_SCHEDULE_DAILY", cron,
                "BACKUP_SCHEDULE_WEEKLY_ENABLED", "false",
                "BACKUP_SCHEDULE_MONTHLY_ENABLED", "false",
                "BACKUP_SCHEDULE_INCREMENTAL_ENABLED", "false",
                "BACKUP_SCHEDULE_FREQUENT_ENABLED", "false",
                "BACKUP_SCHEDULE_CLEANUP_ENABLED", "false",
                "BACKUP_SCHEDULE_RESTORE_TEST_ENABLED", "false",
                "BACKUP_SCHEDULE_DR_DRILL_ENABLED", "false",
                "BACKUP_SCHEDULE_VERIFY_ENABLED", "false",
                "BACKUP_SCHEDULE_CATCHUP_HOURS", catchUpHours);
        return ScheduleCatalog.fromVariables(name -> Optional.ofNullable(env.get(name)));
    }
}
