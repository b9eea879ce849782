package com.textloom.backup.manager.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What restoring one component will do: written before anything runs, it is also the whole answer
 * of a dry run.
 *
 * @param component  the component
 * @param target     where it will be written (no secrets)
 * @param inPlace    true when it overwrites the live data (a safety backup is taken first)
 * @param action     in words, what will be written where
 * @param bytes      how many bytes the backup holds for it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoreStep(String component, String target, boolean inPlace, String action, long bytes) {}
