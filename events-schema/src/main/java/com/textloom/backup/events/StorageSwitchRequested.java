package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Locale;

/**
 * Disaster recovery asks the manager to change where it keeps backups (the guide's storage_failure: 存储切换 →
 * 数据同步 → 服务恢复). Idempotent by {@code requestId}. Locations never carry credentials: the manager switches only
 * to a remote it is configured with and uses its own keys.
 *
 * @param requestId      idempotency key
 * @param repository     repository name (the Kafka key)
 * @param action         {@code use_remote}: back up to and restore from {@code remote} instead of the configured
 *                       repository, until told otherwise (kept across restarts); {@code rebuild_local}: copy what the
 *                       configured repository lacks from the remote in use and verify it, still using the remote;
 *                       {@code use_local}: copy what is still missing, verify, and go back to the configured repository
 * @param remote         {@code use_remote}: the remote's location as the manager shows it
 *                       ({@code s3:http://host:9000/bucket}); ignored otherwise
 * @param verifyReadData {@code rebuild_local} / {@code use_local}: re-read and authenticate every blob of the
 *                       rebuilt repository, not only its structure
 * @param requestedBy    who asked (audit USER)
 * @param requestedAt    when it was asked
 * @param correlationId  the recovery this request is part of, null otherwise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StorageSwitchRequested(
        String requestId,
        String repository,
        String action,
        String remote,
        boolean verifyReadData,
        String requestedBy,
        Instant requestedAt,
        String correlationId)
        implements SuiteEvent {

    /** Back up to and restore from a remote. */
    public static final String USE_REMOTE = "use_remote";
    /** Copy the remote in use back into the configured repository and verify it. */
    public static final String REBUILD_LOCAL = "rebuild_local";
    /** Rebuild (what is still missing), verify, and go back to the configured repository. */
    public static final String USE_LOCAL = "use_local";

    public StorageSwitchRequested {
        Require.text(requestId, "request_id");
        Require.text(repository, "repository");
        Require.text(action, "action");
        action = action.toLowerCase(Locale.ROOT);
        if (!action.equals(USE_REMOTE) && !action.equals(REBUILD_LOCAL) && !action.equals(USE_LOCAL)) {
            throw new IllegalArgumentException("action must be use_remote, rebuild_local or use_local: " + action);
        }
        if (action.equals(USE_REMOTE)) {
            Require.text(remote, "remote");
        }
        if (remote != null && remote.contains("@")) {
            throw new IllegalArgumentException("remote must not carry credentials");
        }
        Require.text(requestedBy, "requested_by");
        Require.present(requestedAt, "requested_at");
    }
}
