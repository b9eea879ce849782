package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What a restore did with one component (part of {@link RestoreCompleted}).
 *
 * @param component    database, redis, workspace, logs
 * @param status       success or failed
 * @param target       where it was (or, in a dry run, would be) written: a directory, a database name,
 *                     a Redis URL without credentials
 * @param bytesWritten bytes written (0 in a dry run)
 * @param files        files (or streams) written, or that would be written in a dry run
 * @param durationMs   time spent on this component
 * @param equal        true when every comparison is equal, false when one differs, null when not compared
 * @param comparisons  figures recorded at backup time against the restored ones
 * @param error        why it failed, null on success
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoredComponent(
        String component,
        Outcome status,
        String target,
        long bytesWritten,
        long files,
        long durationMs,
        Boolean equal,
        List<Comparison> comparisons,
        String error) {

    public RestoredComponent {
        Require.text(component, "component");
        Require.present(status, "status");
        Require.notNegative(bytesWritten, "bytes_written");
        Require.notNegative(files, "files");
        Require.notNegative(durationMs, "duration_ms");
        comparisons = Require.list(comparisons);
    }
}
