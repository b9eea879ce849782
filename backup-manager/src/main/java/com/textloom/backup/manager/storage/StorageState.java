package com.textloom.backup.manager.storage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * Where the manager keeps backups, as {@code <BACKUP_STATE_DIR>/storage.json} holds it.
 *
 * @param remote        the remote repository URI in use instead of the configured repository (as configured in
 *                      {@code BACKUP_REMOTES} / MinIO / OBS, without credentials); null = the configured one
 * @param since         when the last switch happened
 * @param requestId     the request that made it
 * @param correlationId the recovery that asked, if any
 * @param requestedBy   who asked
 * @param handled       the ids of the last switch requests served (a redelivered one is not run again)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StorageState(
        String remote,
        Instant since,
        String requestId,
        String correlationId,
        String requestedBy,
        List<String> handled) {
    public StorageState {
        handled = handled == null ? List.of() : List.copyOf(handled);
    }

    /** The manager on its configured repository, never switched. */
    static StorageState initial() {
        return new StorageState(null, null, null, null, null, List.of());
    }
}
