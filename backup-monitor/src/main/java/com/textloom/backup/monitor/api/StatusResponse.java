package com.textloom.backup.monitor.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code GET /api/status}: exactly the guide's response (响应示例).
 *
 * @param monitoringStatus running, or starting while the topics are replayed
 * @param currentMetrics   the guide's three current figures
 * @param activeAlerts     alerts not yet resolved
 * @param historyStats     averages over the history window (BACKUP_METRICS_RETENTION_DAYS)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"monitoring_status", "current_metrics", "active_alerts", "history_stats"})
public record StatusResponse(
        String monitoringStatus,
        CurrentMetrics currentMetrics,
        List<AlertView> activeAlerts,
        HistoryStats historyStats) {

    /** The guide's {@code current_metrics}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"backup_success_rate", "last_backup_age_hours", "disk_space_used_percent"})
    public record CurrentMetrics(double backupSuccessRate, Double lastBackupAgeHours, Double diskSpaceUsedPercent) {}

    /** The guide's {@code history_stats}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"avg_success_rate", "avg_backup_age_hours"})
    public record HistoryStats(double avgSuccessRate, Double avgBackupAgeHours) {}
}
