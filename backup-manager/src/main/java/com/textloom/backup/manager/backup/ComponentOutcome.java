package com.textloom.backup.manager.backup;

import java.util.List;
import java.util.Map;

/**
 * How one component of a backup ended.
 *
 * @param component  the guide's component name
 * @param ok         true when the component's data is in the snapshot
 * @param figures    the figures recorded (empty when it failed)
 * @param warnings   problems that did not stop it
 * @param error      why it failed, or null
 * @param durationMs how long it took
 */
public record ComponentOutcome(String component, boolean ok, Map<String, String> figures, List<String> warnings,
                               String error, long durationMs) {
    public ComponentOutcome {
        figures = Map.copyOf(figures);
        warnings = List.copyOf(warnings);
    }
}
