package com.textloom.backup.monitor.api;

import com.textloom.backup.monitor.MonitorService;
import com.textloom.backup.monitor.engine.MonitorNode;
import com.textloom.backup.monitor.metrics.MetricsView;
import com.textloom.backup.monitor.metrics.MonitorMetrics;
import com.textloom.backup.monitor.state.Alert;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;

/** The guide's monitoring API: {@code GET /api/status} and {@code GET /api/metrics}. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class MonitorResource {

    @Inject
    MonitorService service;

    @Inject
    MonitorMetrics metrics;

    /** The guide's status: monitoring_status, current_metrics, active_alerts, history_stats. */
    @GET
    @Path("/status")
    public StatusResponse status() {
        MonitorNode node = service.node();
        MetricsView v = metrics.view();
        List<AlertView> active = node.state().alerts().stream()
                .filter(Alert::active)
                .sorted(Comparator.comparing(Alert::raisedAt).reversed())
                .map(AlertView::of)
                .toList();
        return new StatusResponse(
                node.caughtUp() ? "running" : "starting",
                new StatusResponse.CurrentMetrics(
                        v.backupSuccessRate(), v.lastBackupAgeHours(), v.diskSpaceUsedPercent()),
                active,
                new StatusResponse.HistoryStats(v.avgSuccessRate(), v.avgBackupAgeHours()));
    }

    /** Every figure in detail. */
    @GET
    @Path("/metrics")
    public MetricsResponse metrics() {
        MonitorNode node = service.node();
        MetricsView v = metrics.view();
        List<Alert> active =
                node.state().alerts().stream().filter(Alert::active).toList();
        return new MetricsResponse(
                v.at(),
                v.backupSuccessRate(),
                v.lastBackupAgeHours(),
                v.diskSpaceUsedPercent(),
                new StatusResponse.HistoryStats(v.avgSuccessRate(), v.avgBackupAgeHours()),
                node.probes().disk(),
                v.components(),
                v.totals(),
                v.days(),
                node.probes().services(),
                node.probes().backends(),
                new MetricsResponse.AlertCounts(
                        active.size(),
                        active.stream()
                                .filter(a -> a.severity().equals("critical"))
                                .count(),
                        active.stream()
                                .filter(a -> a.severity().equals("warning"))
                                .count(),
                        active.stream().filter(a -> a.acknowledgedAt() != null).count()),
                new MetricsResponse.MonitorInfo(
                        node.settings().node(),
                        node.isLeader(),
                        node.caughtUp(),
                        node.startedAt(),
                        node.settings().interval().toSeconds(),
                        service.channelNames()));
    }
}
