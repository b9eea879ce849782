package com.textloom.backup.scheduler.schedule;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Catalogs for tests. */
public final class TestCatalogs {

    private static final List<String> NAMES = List.of(
            "daily", "weekly", "monthly", "incremental", "frequent", "cleanup", "restore_test", "dr_drill", "verify");

    private TestCatalogs() {}

    /** Only the daily schedule enabled, at {@code cron}, with a catch-up window of {@code catchUpHours}. */
    public static ScheduleCatalog onlyDaily(String cron, String catchUpHours) {
        return only("daily", cron, catchUpHours);
    }

    /** Only the schedule {@code name} enabled, at {@code cron}, with a catch-up window of {@code catchUpHours}. */
    public static ScheduleCatalog only(String name, String cron, String catchUpHours) {
        Map<String, String> env = new HashMap<>();
        for (String other : NAMES) {
            if (!other.equals(name)) {
                env.put("BACKUP_SCHEDULE_" + other.toUpperCase(Locale.ROOT) + "_ENABLED", "false");
            }
        }
        env.put("BACKUP_SCHEDULE_" + name.toUpperCase(Locale.ROOT), cron);
        env.put("BACKUP_SCHEDULE_CATCHUP_HOURS", catchUpHours);
        return ScheduleCatalog.fromVariables(name2 -> Optional.ofNullable(env.get(name2)));
    }
}
