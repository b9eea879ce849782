package com.textloom.backup.monitor.metrics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Every figure the monitor shows, computed at one instant by {@link MetricsCalculator}. The API, the
 * dashboard and the Prometheus gauges all read this, so they agree.
 *
 * @param at                   when computed
 * @param backupSuccessRate    successful / all backups completed in the last 24 hours (0 when none)
 * @param lastBackupAgeHours   hours since the newest successful backup, null when there is none
 * @param diskSpaceUsedPercent disk usage of the backup volume, null before the first probe
 * @param avgSuccessRate       successful / all backups in the history window (0 when none)
 * @param avgBackupAgeHours    time-average over the history window of the age of the newest successful
 *                             backup (from the first success on), null when there is none
 * @param components           per component and tier: the newest success
 * @param totals               bytes and durations over the history window
 * @param days                 one entry per day of the history window, oldest first
 */
public record MetricsView(
        Instant at,
        double backupSuccessRate,
        Double lastBackupAgeHours,
        Double diskSpaceUsedPercent,
        double avgSuccessRate,
        Double avgBackupAgeHours,
        List<ComponentAge> components,
        Totals totals,
        List<Day> days) {

    /**
     * @param component   component
     * @param tier        backup type of the newest success, or "any" for the newest of any tier
     * @param lastSuccess when
     * @param ageHours    hours since
     * @param rpoHours    the component's RPO in hours, null when it has none
     */
    public record ComponentAge(String component, String tier, Instant lastSuccess, double ageHours, Double rpoHours) {}

    /**
     * @param backups            backups in the window
     * @param successes          successful ones
     * @param bytesRead          read from the sources
     * @param bytesNew           new to the repository (after deduplication)
     * @param bytesStored        written to the repository
     * @param dedupRatio         bytesRead / bytesNew, null when nothing new was written
     * @param avgDurationSeconds mean backup duration
     * @param lastDurationSeconds duration of the newest backup, null when none
     */
    public record Totals(
            long backups,
            long successes,
            long bytesRead,
            long bytesNew,
            long bytesStored,
            Double dedupRatio,
            double avgDurationSeconds,
            Double lastDurationSeconds) {}

    /**
     * @param day               UTC date
     * @param backups           backups completed that day
     * @param successes         successful ones
     * @param successRate       successes / backups, null when none
     * @param avgBackupAgeHours time-average that day of the age of the newest successful backup, null before
     *                          the first success
     * @param bytesStored       bytes written that day
     */
    public record Day(
            LocalDate day,
            long backups,
            long successes,
            Double successRate,
            Double avgBackupAgeHours,
            long bytesStored) {}
}
