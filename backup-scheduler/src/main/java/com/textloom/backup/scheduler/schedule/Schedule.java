package com.textloom.backup.scheduler.schedule;

import java.util.List;
import java.util.Objects;

/**
 * One named schedule: when it fires and what it asks for.
 *
 * @param name       the name used in the API and in slot ids ({@code daily}, {@code weekly}, {@code monthly},
 *                   {@code incremental}, {@code cleanup})
 * @param cron       when it fires
 * @param kind       backup or retention
 * @param tier       the retention tier a backup belongs to ({@code daily}, {@code weekly}, {@code monthly}),
 *                   or {@code null} for an untiered backup and for the cleanup run
 * @param mode       {@code full} or {@code incremental} for a backup; {@code null} for the cleanup run
 * @param components the components a backup covers, in order; empty for the cleanup run
 * @param enabled    whether the schedule fires on its own (a disabled schedule can still be run by hand)
 */
public record Schedule(String name, CronSchedule cron, ScheduleKind kind, String tier, String mode,
                       List<String> components, boolean enabled) {

    public Schedule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(kind, "kind");
        components = List.copyOf(components);
    }

    /** The slot this schedule would fire at {@code time}: its id is shared by every replica. */
    public Slot slotAt(java.time.Instant time) {
        return new Slot(name, time);
    }
}
