package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The copy of a finished backup to one remote backend (part of {@link BackupCompleted}).
 *
 * @param backend     the backend's name: minio, obs, ...
 * @param status      success or failed
 * @param bytesCopied bytes uploaded (blobs the remote already had are not counted)
 * @param durationMs  time the copy took
 * @param error       why it failed, null on success; never contains credentials
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RemoteCopy(String backend, Outcome status, long bytesCopied, long durationMs, String error) {

    public RemoteCopy {
        Require.text(backend, "backend");
        Require.present(status, "status");
        Require.notNegative(bytesCopied, "bytes_copied");
        Require.notNegative(durationMs, "duration_ms");
    }
}
