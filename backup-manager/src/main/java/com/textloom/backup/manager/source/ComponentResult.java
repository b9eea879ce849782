package com.textloom.backup.manager.source;

import java.util.List;
import java.util.Map;

/**
 * What a source recorded about one component it backed up.
 *
 * @param component the guide's component name
 * @param figures   name → value, e.g. {@code table.public.users.rows → 42}; the same keys are produced
 *                  when the figures are recomputed on a restored copy, so two maps can be compared
 * @param warnings  problems that did not stop the component but make the backup {@code partial}
 */
public record ComponentResult(String component, Map<String, String> figures, List<String> warnings) {
    public ComponentResult {
        figures = Map.copyOf(figures);
        warnings = List.copyOf(warnings);
    }
}
