package com.textloom.backup.scheduler.schedule;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * How a request ended, as reported by the manager (BackupCompleted, RetentionCompleted or VerifyCompleted).
 *
 * @param requestId  the request it answers
 * @param status     {@code success} or {@code failed}
 * @param finishedAt when the manager finished it
 * @param resultId   the backup (snapshot) id it produced, if any
 * @param error      the error message of a failure, if any (for a verify that found damage: what it found)
 */
public record RunOutcome(UUID requestId, String status, Instant finishedAt, String resultId, String error) {

    public RunOutcome {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }
}
