package com.textloom.backup.manager.operation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The state of one requested operation (backup, verify, restore, retention), as
 * {@code GET /api/operations/{id}} shows it and as {@link OperationStore} keeps it on disk.
 *
 * @param operationId the request id
 * @param kind        backup, verify, restore or retention
 * @param status      {@value #QUEUED}, {@value #RUNNING}, then one of success, partial, failed,
 *                    {@value #DUPLICATE} (already done before), {@value #INTERRUPTED} (the manager stopped while it
 *                    ran) or {@value #IGNORED} (not run, {@code error} says why)
 * @param error       why the operation was interrupted or ignored; failures of a run are in {@code result}
 * @param progress    the latest progress figures (bytes, files, current component)
 * @param result      the completion event of the operation
 * @param request     the request as the manager accepted it, kept so that a request acknowledged to the broker
 *                    but not run yet (queued, or a backup the last stop interrupted) runs after a restart; null
 *                    for one queued over REST and not received yet
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Operation(
        String operationId,
        String kind,
        String backupId,
        String status,
        String error,
        Instant createdAt,
        Instant updatedAt,
        Map<String, Object> progress,
        Object result,
        Request request) {
    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String DUPLICATE = "duplicate";
    public static final String INTERRUPTED = "interrupted";
    public static final String IGNORED = "ignored";
    public static final String FAILED = "failed";
    private static final Set<String> ACTIVE = Set.of(QUEUED, RUNNING);

    /**
     * A request event as received.
     *
     * @param type  its CloudEvents type
     * @param event its JSON body
     */
    public record Request(String type, Object event) {}

    /** A new queued operation. */
    public static Operation queued(String id, String kind, String backupId, Instant now) {
        return new Operation(id, kind, backupId, QUEUED, null, now, now, Map.of(), null, null);
    }

    /** This operation queued again (a request accepted to run), keeping its creation time, with the request. */
    public Operation accepted(Request newRequest, Instant now) {
        return new Operation(operationId, kind, backupId, QUEUED, null, createdAt, now, Map.of(), null, newRequest);
    }

    /** This operation with a new status; a null progress or result keeps the current one. */
    public Operation with(String newStatus, Map<String, Object> newProgress, Object newResult, Instant now) {
        return new Operation(
                operationId,
                kind,
                backupId,
                newStatus,
                error,
                createdAt,
                now,
                newProgress == null ? progress : newProgress,
                newResult == null ? result : newResult,
                request);
    }

    /** This operation ended without a run ({@value #INTERRUPTED} or {@value #IGNORED}) for {@code reason}. */
    public Operation ended(String newStatus, String reason, Instant now) {
        return new Operation(operationId, kind, backupId, newStatus, reason, createdAt, now, progress, result, request);
    }

    /** Whether it is queued or running (not yet ended). */
    @JsonIgnore
    public boolean active() {
        return ACTIVE.contains(status);
    }
}
