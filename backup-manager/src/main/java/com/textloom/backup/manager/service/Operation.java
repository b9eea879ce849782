package com.textloom.backup.manager.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.Map;

/**
 * The state of one requested operation (backup, verify, restore, retention), as
 * {@code GET /api/operations/{id}} shows it.
 *
 * @param status   queued, running, success, partial, failed, or duplicate (already done before)
 * @param progress the latest progress figures (bytes, files, current component)
 * @param result   the completion event of the operation
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Operation(String operationId, String kind, String backupId, String status, Instant createdAt,
                        Instant updatedAt, Map<String, Object> progress, Object result) {

    public Operation with(String newStatus, Map<String, Object> newProgress, Object newResult) {
        return new Operation(operationId, kind, backupId, newStatus, createdAt, Instant.now(),
                newProgress == null ? progress : newProgress, newResult == null ? result : newResult);
    }
}
