package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One figure recorded at backup time compared with the same figure recomputed after a restore.
 *
 * @param item     what was compared: {@code public.users rows}, {@code public.users digest}, {@code db0 keys},
 *                 {@code workspace tree digest}
 * @param expected the value recorded at backup time
 * @param actual   the value found after the restore
 * @param equal    whether they are equal
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Comparison(String item, String expected, String actual, boolean equal) {

    public Comparison {
        Require.text(item, "item");
    }
}
