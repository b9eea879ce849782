package com.textloom.backup.manager.requests;

import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.VerifyRequested;
import java.time.Instant;

/**
 * What every request the manager handles has in common, read from its event.
 *
 * @param kind     backup, restore, verify or retention
 * @param backupId the backup it names, null when none (retention, a backup whose id the manager chooses)
 */
record Request(String id, String kind, String backupId, String requestedBy, Instant requestedAt) {

    /** @throws IllegalArgumentException for an event that is not a request of the manager */
    static Request of(SuiteEvent e) {
        if (e instanceof BackupRequested b) {
            return new Request(b.requestId(), "backup", b.backupId(), b.requestedBy(), b.requestedAt());
        } else if (e instanceof RestoreRequested r) {
            return new Request(r.requestId(), "restore", r.backupId(), r.requestedBy(), r.requestedAt());
        } else if (e instanceof VerifyRequested v) {
            return new Request(v.requestId(), "verify", v.backupId(), v.requestedBy(), v.requestedAt());
        } else if (e instanceof RetentionRequested r) {
            return new Request(r.requestId(), "retention", null, r.requestedBy(), r.requestedAt());
        }
        throw new IllegalArgumentException(
                "the manager does not handle " + e.getClass().getSimpleName());
    }
}
