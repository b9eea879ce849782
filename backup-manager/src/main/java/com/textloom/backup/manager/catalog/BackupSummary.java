package com.textloom.backup.manager.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One backup as the API lists it.
 *
 * @param components per component: its repository statistics and, in the detailed view, its figures
 * @param location   where it is stored: {@code repository} (URI without secrets), {@code snapshot_id}, and in
 *                   the detailed view {@code remotes}, each remote's {@code location} and {@code status}
 *                   (present, missing, unreachable, unknown)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupSummary(
        String backupId,
        String snapshotId,
        String type,
        String status,
        Instant time,
        String requestedBy,
        List<String> tags,
        List<Map<String, Object>> components,
        String error,
        Map<String, Object> location) {

    /** This summary with {@code location.remotes} set. */
    public BackupSummary withRemotes(List<Map<String, Object>> remotes) {
        Map<String, Object> l = new java.util.LinkedHashMap<>(location);
        l.put("remotes", remotes);
        return new BackupSummary(backupId, snapshotId, type, status, time, requestedBy, tags, components, error, l);
    }
}
