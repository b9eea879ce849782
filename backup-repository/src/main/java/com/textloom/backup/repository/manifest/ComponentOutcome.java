package com.textloom.backup.repository.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * How one component of a backup ended, as its {@link BackupManifest} records it.
 *
 * @param component  the guide's component name ({@link BackupManifest#COMPONENTS})
 * @param ok         true when the component's data is in the snapshot
 * @param figures    the figures recorded at backup time (row counts, key counts, digests, hashes; empty when it
 *                   failed), what restores and drills prove against
 * @param warnings   problems that did not stop it
 * @param error      why it failed, or null
 * @param durationMs how long it took
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ComponentOutcome(
        String component,
        boolean ok,
        Map<String, String> figures,
        List<String> warnings,
        String error,
        long durationMs) {
    public ComponentOutcome {
        figures = Map.copyOf(figures);
        warnings = List.copyOf(warnings);
    }
}
