package com.textloom.backup.scheduler.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.textloom.backup.config.SuiteVariables;
import com.textloom.backup.config.VariableValues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

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
        Map<String, Duration> rpo = VariableValues.durations(
                "BACKUP_MONITOR_RPO",
                SuiteVariables.variable("BACKUP_MONITOR_RPO").defaultValue());
        assertEquals(
                new TreeSet<>(ScheduleCatalog.COMPONENTS), new TreeSet<>(rpo.keySet()), "an RPO for every component");
        List<String> problems = new ArrayList<>();
        Instant from = Instant.parse("2027-01-01T00:00:00Z");
        Instant to = from.plus(Duration.ofDays(62));
        for (Map.Entry<String, Duration> target : rpo.entrySet()) {
            List<Schedule> covering = catalog.schedules().stream()
                    .filter(s -> s.enabled()
                            && s.kind() == ScheduleKind.BACKUP
                            && s.components().contains(target.getKey()))
                    .toList();
            TreeSet<Instant> slots = new TreeSet<>();
            for (Schedule s : covering) {
                Instant t = from;
                for (t = s.cron().nextAfter(t).orElse(to);
                        t.isBefore(to);
                        t = s.cron().nextAfter(t).orElse(to)) {
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
            if (slots.size() < 2
                    || gap.plus(BACKUP_TIME).compareTo(target.getValue()) > 0
                    || gap.multipliedBy(2).compareTo(target.getValue()) > 0) {
                problems.add(target.getKey() + ": RPO " + target.getValue() + " but the shipped schedules "
                        + covering.stream().map(Schedule::name).toList() + " leave up to " + gap
                        + " between two backups");
            }
        }
        assertEquals(List.of(), problems);
    }

    /** Longest a drill may take before its DrillCompleted clears the monitor's drill_overdue. */
    private static final Duration DRILL_TIME = Duration.ofHours(6);

    /**
     * The monitor's shipped {@code BACKUP_MONITOR_DRILL_PERIOD} watches exactly the scenarios the shipped drill schedules
     * drill, and each period holds the longest gap between two of its drills (over two years of slots) plus the drill
     * itself: with the shipped defaults {@code drill_overdue} fires only when a drill is missed or keeps failing.
     */
    @Test
    void everyShippedDrillPeriodHoldsTheGapBetweenTheShippedDrillsOfItsScenario() {
        Map<String, Duration> periods = VariableValues.durations(
                "BACKUP_MONITOR_DRILL_PERIOD",
                SuiteVariables.variable("BACKUP_MONITOR_DRILL_PERIOD").defaultValue());
        List<Schedule> drills = ScheduleCatalog.defaults().schedules().stream()
                .filter(s -> s.enabled() && s.kind() == ScheduleKind.DRILL)
                .toList();
        TreeSet<String> drilled = new TreeSet<>();
        drills.forEach(s -> drilled.addAll(s.scenarios()));
        assertEquals(drilled, new TreeSet<>(periods.keySet()), "a period for every scenario drilled, and no other");
        Instant from = Instant.parse("2027-01-01T00:00:00Z");
        Instant to = from.plus(Duration.ofDays(730));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Duration> period : periods.entrySet()) {
            TreeSet<Instant> slots = new TreeSet<>();
            for (Schedule s : drills.stream()
                    .filter(d -> d.scenarios().contains(period.getKey()))
                    .toList()) {
                for (Instant t = s.cron().nextAfter(from).orElse(to);
                        t.isBefore(to);
                        t = s.cron().nextAfter(t).orElse(to)) {
                    slots.add(t);
                }
            }
            Duration gap = Duration.ZERO;
            for (Instant slot : slots) {
                Instant next = slots.higher(slot);
                if (next != null && Duration.between(slot, next).compareTo(gap) > 0) {
                    gap = Duration.between(slot, next);
                }
            }
            if (slots.size() < 2 || gap.plus(DRILL_TIME).compareTo(period.getValue()) > 0) {
                problems.add(
                        period.getKey() + ": period " + period.getValue() + " but up to " + gap + " between drills");
            }
        }
        assertEquals(List.of(), problems);
    }
}
