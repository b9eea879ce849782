package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Retention applied to one remote copy of the repository (part of {@link RetentionCompleted}).
 *
 * @param location     the remote, without credentials
 * @param status       success or failed
 * @param removed      backup ids forgotten there (or that would be, in a dry run)
 * @param packsDeleted packs deleted by the prune there
 * @param bytesFreed   bytes freed there
 * @param durationMs   time the remote's retention took
 * @param error        why it failed, null on success; never contains credentials
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RemoteRetention(
        String location,
        Outcome status,
        List<String> removed,
        long packsDeleted,
        long bytesFreed,
        long durationMs,
        String error) {

    public RemoteRetention {
        Require.text(location, "location");
        Require.present(status, "status");
        removed = Require.list(removed);
        Require.notNegative(packsDeleted, "packs_deleted");
        Require.notNegative(bytesFreed, "bytes_freed");
        Require.notNegative(durationMs, "duration_ms");
    }
}
