package com.textloom.backup.recovery.engine;

import com.textloom.backup.recovery.scenario.Scenario;
import java.time.Instant;

/**
 * What was asked: {@code POST /api/recoveries} or {@code POST /api/drills}.
 *
 * @param backupId    the backup to recover from, null = the newest good one of the scenario's components
 * @param source      the repository to restore from: {@code local}, {@code minio} / {@code obs} or a remote's location;
 *                    null = the one the manager uses now
 * @param force       restore over live data even when {@code BACKUP_DR_ALLOW_IN_PLACE} is false
 * @param keep        (drills) keep the scratch targets for inspection
 * @param requestedBy the API key's name (the audit USER)
 * @param schedule    (drills) the scheduler's drill schedule that asked, as its DrillRequested said; null otherwise
 * @param slot        (drills) the scheduled slot that fired, as its DrillRequested said; null otherwise
 */
public record RunRequest(
        Scenario scenario,
        boolean drill,
        boolean dryRun,
        String backupId,
        String source,
        boolean force,
        boolean keep,
        String requestedBy,
        String schedule,
        Instant slot) {

    /** A request no schedule made. */
    public RunRequest(
            Scenario scenario,
            boolean drill,
            boolean dryRun,
            String backupId,
            String source,
            boolean force,
            boolean keep,
            String requestedBy) {
        this(scenario, drill, dryRun, backupId, source, force, keep, requestedBy, null, null);
    }
}
