package com.textloom.backup.scheduler.schedule;

import com.textloom.backup.events.BackupType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One named schedule: when it fires and what it asks for.
 *
 * @param name       the name used in the API and in slot ids ({@code daily}, {@code weekly}, {@code monthly},
 *                   {@code incremental}, {@code cleanup})
 * @param cron       when it fires
 * @param kind       backup or retention
 * @param backupType the guide's backup type a backup asks for: the tiers {@code daily}, {@code weekly},
 *                   {@code monthly} (kept by retention per tier) or {@code incremental}; {@code null} for the
 *                   cleanup run
 * @param components the components a backup covers, in order; empty for the cleanup run and drills
 * @param scenarios  the disaster-recovery scenarios a drill schedule drills, in order; empty for the others
 * @param enabled    whether the schedule fires on its own (a disabled schedule can still be run by hand)
 * @param readDataPercent the share of packs (0–100) a verify schedule reads; {@code null} for the others
 */
public record Schedule(
        String name,
        CronSchedule cron,
        ScheduleKind kind,
        BackupType backupType,
        List<String> components,
        List<String> scenarios,
        boolean enabled,
        Integer readDataPercent) {

    /** A schedule that is not a verify. */
    public Schedule(
            String name,
            CronSchedule cron,
            ScheduleKind kind,
            BackupType backupType,
            List<String> components,
            List<String> scenarios,
            boolean enabled) {
        this(name, cron, kind, backupType, components, scenarios, enabled, null);
    }

    public Schedule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(kind, "kind");
        components = List.copyOf(components);
        scenarios = List.copyOf(scenarios);
        if ((kind == ScheduleKind.BACKUP) != (backupType != null)) {
            throw new IllegalArgumentException(
                    "a backup schedule has a backup type, the cleanup and drill schedules none: " + name);
        }
        if ((kind == ScheduleKind.DRILL) != !scenarios.isEmpty()) {
            throw new IllegalArgumentException("a drill schedule has scenarios, the others none: " + name);
        }
        if ((kind == ScheduleKind.VERIFY) != (readDataPercent != null)) {
            throw new IllegalArgumentException(
                    "a verify schedule has a read-data percentage, the others none: " + name);
        }
    }

    /** The slot this schedule would fire at {@code time}: its id is shared by every replica. */
    public Slot slotAt(Instant time) {
        return new Slot(name, time);
    }
}
