package com.textloom.backup.scheduler.schedule;

import com.textloom.backup.config.SuiteVariables;
import com.textloom.backup.config.VariableValues;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The shipped defaults agree with each other: every component's RPO target of the shipped {@code BACKUP_MONITOR_RPO}
 * is achievable with the shipped schedules. Over two months of slots of the enabled backup schedules that cover a
 * component, the longest gap between two backups of it must leave 5 minutes for the backup itself within the RPO
 * (the monitor's {@code rpo_exceeded} fires when the newest success is older than the RPO), and twice that gap must
 * fit too (disaster-recovery's achievable RPO is the interval between the two newest backups plus the newest one's
 * age, which reaches twice the interval just before the next backup).
 */
class ShippedDefaultsTest {
    private static final Duration BACKUP_TIME = Duration.ofMinutes(5);

    @Test
    void everyShippedScheduleMeetsEveryShippedRpo() {
        ScheduleCatalog catalog = ScheduleCatalog.defaults();
        Map<String, Duration> rpo = VariableValues.durations("BACKUP_MONITOR_RPO",
                SuiteVariables.variable("BACKUP_MONITOR_RPO").defaultValue());
        assertEquals(new TreeSet<>(ScheduleCatalog.COMPONENTS), new TreeSet<>(rpo.keySet()), "an RPO for every component");
        List<String> problems = new ArrayList<>();
        Instant from = Instant.parse("2027-01-01T00:00:00Z");
        Instant to = from.plus(Duration.ofDays(62));
        for (Map.Entry<String, Duration> target : rpo.entrySet()) {
            List<Schedule> covering = catalog.schedules().stream().filter(s -> s.enabled() && s.kind() == ScheduleKind.BACKUP
                    && s.components().contains(target.getKey())).toList();
            TreeSet<Instant> slots = new TreeSet<>();
            for (Schedule s : covering) {
                Instant t = from;
                for (t = s.cron().nextAfter(t).orElse(to); t.isBefore(to); t = s.cron().nextAfter(t).orElse(to)) {
                    slots.add(t);
                }
            }
            Duration gap = Duration.ZERO;
            Instant previous = null;
            for (Instant slot : slots) {
                if (previous != null && Duration.between(previous, slot).compareTo(gap) > 0) {
                    gap = Duration.between(previous, slot);
                }
                previous = slot;
            }
            if (slots.size() < 2 || gap.plus(BACKUP_TIME).compareTo(target.getValue()) > 0
                    || gap.multipliedBy(2).compareTo(target.getValue()) > 0) {
                problems.add(target.getKey() + ": RPO " + target.getValue() + " but the shipped schedules "
                        + covering.stream().map(Schedule::name).toList() + " leave up to " + gap + " between two backups");
            }
        }
        assertEquals(List.of(), problems);
    }
}
