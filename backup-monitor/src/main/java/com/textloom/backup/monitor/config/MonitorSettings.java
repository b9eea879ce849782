package com.textloom.backup.monitor.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The monitor's thresholds and targets, read once from configuration (see suite-config's {@link com.textloom.backup.config.VariableValues}).
 *
 * @param node                 name of this monitor instance (host name by default)
 * @param interval             rules run this often (BACKUP_MONITOR_INTERVAL, seconds)
 * @param renotifyInterval     an active, unacknowledged alert is notified again this often
 * @param historyDays          days of history kept and averaged (BACKUP_METRICS_RETENTION_DAYS)
 * @param rpo                  per component: the longest acceptable time without a successful backup
 * @param backupDir            the local backup volume (BACKUP_LOCAL_DIR) whose disk usage is watched
 * @param diskWarningPercent   disk usage that raises a warning
 * @param diskCriticalPercent  disk usage that raises a critical alert
 * @param suspiciousDrop       a successful backup smaller than (1 - this) of the previous one is suspicious
 * @param services             other services to watch: name -> base URL (their /q/health/ready is probed)
 * @param backends             remote storage backends to watch: name -> endpoint URL
 * @param probeTimeout         timeout of one health / reachability probe
 * @param drillPeriods         per recovery scenario: the longest acceptable time without a successful drill
 *                             (BACKUP_MONITOR_DRILL_PERIOD)
 * @param drUrl                disaster-recovery (BACKUP_DR_URL), whose latest assessment is read at every probe
 *                             ({@code protected_service_failed}); null = not read
 * @param recheckInterval      while a probe finds something down (a service, a storage backend, a protected part, the
 *                             manager's repository), probes run this often instead of every {@code interval}, so a
 *                             recovery is seen within it: {@value #RECHECK_SECONDS} s, or the interval when shorter
 */
public record MonitorSettings(
        String node,
        Duration interval,
        Duration renotifyInterval,
        int historyDays,
        Map<String, Duration> rpo,
        Path backupDir,
        double diskWarningPercent,
        double diskCriticalPercent,
        double suspiciousDrop,
        Map<String, URI> services,
        Map<String, URI> backends,
        Duration probeTimeout,
        Map<String, Duration> drillPeriods,
        URI drUrl,
        Duration recheckInterval) {

    /** The default recheck while something is down, in seconds (the interval when that is shorter). */
    public static final int RECHECK_SECONDS = 15;

    public MonitorSettings {
        rpo = Map.copyOf(rpo);
        drillPeriods = Map.copyOf(drillPeriods);
        services = Map.copyOf(services);
        backends = Map.copyOf(backends);
    }

    /** With the default recheck interval: {@value #RECHECK_SECONDS} s, or the interval when shorter. */
    public MonitorSettings(
            String node,
            Duration interval,
            Duration renotifyInterval,
            int historyDays,
            Map<String, Duration> rpo,
            Path backupDir,
            double diskWarningPercent,
            double diskCriticalPercent,
            double suspiciousDrop,
            Map<String, URI> services,
            Map<String, URI> backends,
            Duration probeTimeout,
            Map<String, Duration> drillPeriods,
            URI drUrl) {
        this(
                node,
                interval,
                renotifyInterval,
                historyDays,
                rpo,
                backupDir,
                diskWarningPercent,
                diskCriticalPercent,
                suspiciousDrop,
                services,
                backends,
                probeTimeout,
                drillPeriods,
                drUrl,
                interval.compareTo(Duration.ofSeconds(RECHECK_SECONDS)) < 0
                        ? interval
                        : Duration.ofSeconds(RECHECK_SECONDS));
    }

    /** Without disaster-recovery's assessment. */
    public MonitorSettings(
            String node,
            Duration interval,
            Duration renotifyInterval,
            int historyDays,
            Map<String, Duration> rpo,
            Path backupDir,
            double diskWarningPercent,
            double diskCriticalPercent,
            double suspiciousDrop,
            Map<String, URI> services,
            Map<String, URI> backends,
            Duration probeTimeout,
            Map<String, Duration> drillPeriods) {
        this(
                node,
                interval,
                renotifyInterval,
                historyDays,
                rpo,
                backupDir,
                diskWarningPercent,
                diskCriticalPercent,
                suspiciousDrop,
                services,
                backends,
                probeTimeout,
                drillPeriods,
                null);
    }

    /** These settings with another recheck interval. */
    public MonitorSettings withRecheckInterval(Duration recheck) {
        return new MonitorSettings(
                node,
                interval,
                renotifyInterval,
                historyDays,
                rpo,
                backupDir,
                diskWarningPercent,
                diskCriticalPercent,
                suspiciousDrop,
                services,
                backends,
                probeTimeout,
                drillPeriods,
                drUrl,
                recheck);
    }

    /** The history window as a duration. */
    public Duration historyWindow() {
        return Duration.ofDays(historyDays);
    }
}
