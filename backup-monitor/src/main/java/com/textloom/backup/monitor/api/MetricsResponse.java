package com.textloom.backup.monitor.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.textloom.backup.monitor.metrics.MetricsView;
import com.textloom.backup.monitor.probe.DiskUsage;
import com.textloom.backup.monitor.probe.ProbeStatus;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/metrics}: the guide's figures plus their detail (per component and tier, bytes, dedup,
 * durations, the day-by-day history, the status of every service and storage backend).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MetricsResponse(
        Instant timestamp,
        double backupSuccessRate,
        Double lastBackupAgeHours,
        Double diskSpaceUsedPercent,
        StatusResponse.HistoryStats historyStats,
        DiskUsage disk,
        List<MetricsView.ComponentAge> components,
        MetricsView.Totals totals,
        List<MetricsView.Day> history,
        List<ProbeStatus> services,
        List<ProbeStatus> storageBackends,
        AlertCounts alerts,
        MonitorInfo monitor) {

    /** Active alert counts. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AlertCounts(long active, long critical, long warning, long acknowledged) {}

    /** This monitor instance. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MonitorInfo(
            String node,
            boolean leader,
            boolean caughtUp,
            Instant startedAt,
            long intervalSeconds,
            List<String> channels) {}
}
