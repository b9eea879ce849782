package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * The result of backing up one component (part of {@link BackupCompleted}).
 *
 * @param component   database, redis, workspace, logs
 * @param status      success or failed (a component is never partial)
 * @param bytesRead   bytes read from the source
 * @param bytesNew    bytes of chunks that were not already in the repository (before compression)
 * @param bytesStored bytes written to the repository (compressed and encrypted)
 * @param files       files read (1 for a stream such as a database dump)
 * @param durationMs  time spent on this component
 * @param figures     what was recorded to prove a restore later, e.g. per table row counts and digests,
 *                    Redis key count per db; JSON values (numbers, strings, nested objects)
 * @param error       why it failed, null on success; never contains credentials
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComponentResult(
        String component,
        Outcome status,
        long bytesRead,
        long bytesNew,
        long bytesStored,
        long files,
        long durationMs,
        Map<String, Object> figures,
        String error) {

    public ComponentResult {
        Require.text(component, "component");
        Require.present(status, "status");
        Require.notNegative(bytesRead, "bytes_read");
        Require.notNegative(bytesNew, "bytes_new");
        Require.notNegative(bytesStored, "bytes_stored");
        Require.notNegative(files, "files");
        Require.notNegative(durationMs, "duration_ms");
        figures = Require.map(figures);
    }
}
