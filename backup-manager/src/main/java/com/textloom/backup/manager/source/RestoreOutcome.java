package com.textloom.backup.manager.source;

import java.util.List;

/**
 * What a restore of one component wrote and whether the result equals what was backed up.
 *
 * @param component  the guide's component name
 * @param target     where it was written, without secrets (a database name, a Redis URL without
 *                   password and its db index, a directory)
 * @param comparison figures recorded at backup time against figures recomputed on the target;
 *                   null when the component has no figures (file trees compare elsewhere)
 * @param notes      anything the user should know (e.g. globals skipped, keys expired meanwhile)
 */
public record RestoreOutcome(String component, String target, Comparison comparison, List<String> notes) {
    public RestoreOutcome {
        notes = List.copyOf(notes);
    }
}
