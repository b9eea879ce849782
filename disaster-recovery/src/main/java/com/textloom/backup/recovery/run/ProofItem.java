package com.textloom.backup.recovery.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The proof of one restored component: the manager's comparison of the figures recorded at backup time with
 * those recomputed on the restored data.
 *
 * @param component   database, redis, workspace, logs
 * @param equal       true when every figure is equal, false when one differs or the component was not restored
 * @param detail      a summary: how many figures compared, which differ, where the data went
 * @param differences the figures that differ ({@code item: expected X, found Y}), empty when equal
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProofItem(String component, boolean equal, String detail, List<String> differences) {
    public ProofItem {
        differences = differences == null ? List.of() : List.copyOf(differences);
    }
}
