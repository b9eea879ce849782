package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * Retention and prune ended.
 *
 * @param requestId    the request served
 * @param repository   repository cleaned (the Kafka key)
 * @param status       success; partial when the local repository was cleaned but a remote was not;
 *                     failed when the local retention failed
 * @param dryRun       true when nothing was removed
 * @param policy       the policy applied
 * @param kept         backup ids kept
 * @param removed      backup ids removed (or that would be, in a dry run)
 * @param packsDeleted packs deleted by prune
 * @param bytesFreed   bytes freed by prune (in the local repository)
 * @param remotes      the same retention on each remote copy, in the configured order (empty when
 *                     there are none or the local retention failed)
 * @param startedAt    when the work began
 * @param completedAt  when it ended
 * @param durationMs   completedAt - startedAt in milliseconds
 * @param error        why it failed, null on success
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetentionCompleted(
        String requestId,
        String repository,
        Outcome status,
        boolean dryRun,
        RetentionPolicy policy,
        List<String> kept,
        List<String> removed,
        long packsDeleted,
        long bytesFreed,
        List<RemoteRetention> remotes,
        Instant startedAt,
        Instant completedAt,
        long durationMs,
        String error)
        implements SuiteEvent {

    public RetentionCompleted {
        Require.text(requestId, "request_id");
        Require.text(repository, "repository");
        Require.present(status, "status");
        kept = Require.list(kept);
        removed = Require.list(removed);
        remotes = Require.list(remotes);
        Require.notNegative(packsDeleted, "packs_deleted");
        Require.notNegative(bytesFreed, "bytes_freed");
        Require.present(startedAt, "started_at");
        Require.present(completedAt, "completed_at");
        Require.notNegative(durationMs, "duration_ms");
    }

    /** A retention of {@code request} that could not run, at {@code at}: {@code failed}, nothing removed, {@code error} saying why. */
    public static RetentionCompleted failed(RetentionRequested request, Instant at, String error) {
        return new RetentionCompleted(
                request.requestId(),
                request.repository(),
                Outcome.FAILED,
                request.dryRun(),
                null,
                List.of(),
                List.of(),
                0,
                0,
                List.of(),
                at,
                at,
                0,
                error);
    }
}
