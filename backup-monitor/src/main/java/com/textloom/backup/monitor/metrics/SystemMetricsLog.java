package com.textloom.backup.monitor.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.textloom.backup.monitor.engine.MonitorNode;
import com.textloom.backup.monitor.probe.ProbeStatus;
import com.textloom.backup.monitor.state.Alert;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The guide's {@code logs/system_metrics.log}: every {@code BACKUP_MONITOR_INTERVAL} one line, a JSON object, with
 * this instance's figures at that moment (the same {@link MetricsView} as {@code /api/metrics}): success rates, backup
 * ages, disk, active alerts, services and storage backends up, drill and recovery conditions. Written through the log
 * category {@value #CATEGORY}, which {@code application.properties} sends only to that file, beside
 * {@code backup_monitor.log}, rotated and bounded the same way (10 MB, 5 old files) and made 0600 at start
 * (service-support's {@code LogFilePermissions}). Every instance writes its own, leader or not. A snapshot that
 * cannot be taken is skipped with a warning; the next interval tries again. The lines are written by the
 * quarkus-scheduler job {@value #JOB} (the first one at start, never two at once).
 */
@ApplicationScoped
public class SystemMetricsLog {

    /** The log category whose lines go to {@code system_metrics.log}. */
    public static final String CATEGORY = "textloom.system-metrics";

    private static final Logger LINES = Logger.getLogger(CATEGORY);
    private static final Logger LOG = Logger.getLogger(SystemMetricsLog.class);
    /** The quarkus-scheduler job that writes the lines. */
    public static final String JOB = "monitor-system-metrics";

    @Inject
    MonitorMetrics metrics;

    @Inject
    ObjectMapper json;

    @Inject
    Scheduler scheduler;

    /** Writes a snapshot now and then every {@code interval}. */
    public void start(MonitorNode node, Duration interval) {
        scheduler
                .newJob(JOB)
                .setInterval(interval.toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> write(node))
                .schedule();
    }

    private void write(MonitorNode node) {
        try {
            LINES.info(json.writeValueAsString(snapshot(node, metrics.view())));
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warnf("system metrics snapshot skipped: %s", e.toString());
        }
    }

    /** The line's fields, in a stable order. */
    static Map<String, Object> snapshot(MonitorNode node, MetricsView v) {
        List<Alert> active =
                node.state().alerts().stream().filter(Alert::active).toList();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", v.at().toString());
        line.put("node", node.settings().node());
        line.put("leader", node.isLeader());
        line.put("monitoring_status", node.caughtUp() ? "running" : "starting");
        line.put("backup_success_rate", v.backupSuccessRate());
        line.put("last_backup_age_hours", v.lastBackupAgeHours());
        line.put("disk_space_used_percent", v.diskSpaceUsedPercent());
        line.put(
                "disk_used_bytes",
                node.probes().disk() == null ? null : node.probes().disk().usedBytes());
        line.put(
                "disk_total_bytes",
                node.probes().disk() == null ? null : node.probes().disk().totalBytes());
        line.put("avg_success_rate", v.avgSuccessRate());
        line.put("avg_backup_age_hours", v.avgBackupAgeHours());
        line.put("backups", v.totals().backups());
        line.put("successes", v.totals().successes());
        line.put("bytes_stored", v.totals().bytesStored());
        line.put("active_alerts", active.size());
        line.put(
                "critical_alerts",
                active.stream().filter(a -> a.severity().equals("critical")).count());
        line.put(
                "warning_alerts",
                active.stream().filter(a -> a.severity().equals("warning")).count());
        line.put(
                "services_up",
                node.probes().services().stream().filter(ProbeStatus::up).count());
        line.put(
                "services_down",
                node.probes().services().stream().filter(p -> !p.up()).count());
        line.put(
                "storage_up",
                node.probes().backends().stream().filter(ProbeStatus::up).count());
        line.put(
                "storage_down",
                node.probes().backends().stream().filter(p -> !p.up()).count());
        line.put("drills_failed", node.state().failingDrills().size());
        line.put("drills_over_rto", node.state().slowDrills().size());
        line.put("recoveries_failed", node.state().failingRecoveries().size());
        line.put("unreadable_events", node.unreadableEvents());
        return line;
    }
}
