package com.textloom.backup.recovery.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * What a recovery or drill will do, decided before its first step: the same for a dry run and a real run.
 *
 * @param backupId            the backup restored from, null when the scenario restores nothing
 * @param source              the repository it is read from (URI without secrets)
 * @param targets             per component, where it is restored (database URL without password, Redis URL, directory)
 * @param overwrites          live data that will be replaced or set aside, in words; empty for a drill
 * @param estimatedDurationMs the last successful drill of the scenario's duration, null when there was none
 * @param estimateBasis       where the estimate comes from ({@code drill 2026... of ...}) or why there is none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunPlan(
        String backupId,
        String source,
        Map<String, String> targets,
        List<String> overwrites,
        Long estimatedDurationMs,
        String estimateBasis) {
    public RunPlan {
        targets = targets == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(targets));
        overwrites = overwrites == null ? List.of() : List.copyOf(overwrites);
    }
}
