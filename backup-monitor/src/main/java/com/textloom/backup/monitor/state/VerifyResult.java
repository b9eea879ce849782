package com.textloom.backup.monitor.state;

import java.time.Instant;
import java.util.List;

/**
 * What the monitor keeps of one finished verify (translated from a VerifyCompleted event).
 *
 * @param repository      repository verified
 * @param backupId        backup verified, null for the whole repository
 * @param success         nothing damaged and the verify ran
 * @param damagedBlobs    number of damaged blobs found
 * @param affectedBackups backups that need a damaged blob
 * @param completedAt     when it ended
 * @param error           why it could not run, null when it ran
 */
public record VerifyResult(
        String repository,
        String backupId,
        boolean success,
        int damagedBlobs,
        List<String> affectedBackups,
        Instant completedAt,
        String error) {

    public VerifyResult {
        affectedBackups = affectedBackups == null ? List.of() : List.copyOf(affectedBackups);
    }
}
