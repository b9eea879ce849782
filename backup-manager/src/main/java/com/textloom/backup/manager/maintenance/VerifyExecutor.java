package com.textloom.backup.manager.maintenance;

import com.textloom.backup.events.DamagedBlob;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.VerifyCompleted;
import com.textloom.backup.events.VerifyRequested;
import com.textloom.backup.manager.catalog.BackupCatalog;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.VerifyOptions;
import com.textloom.backup.repository.VerifyReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies one backup (or the whole repository when no backup id is given): structure, index and
 * blob existence, and with {@code read_data} every blob downloaded, decrypted and authenticated (with
 * {@code read_data_percent}: the blobs of that share of the packs, drawn at random each run).
 * Damage is reported per damaged copy of a blob with its pack; {@code status} is {@code failed} when anything is
 * damaged (as {@code repo verify} exits 3), a damaged copy included. {@code affected_backups} lists only the backups
 * that need a blob with no good copy left: a damaged copy whose blob another indexed copy still serves
 * ({@link VerifyReport.DamagedBlob#recoverable()}: every read, restores included, uses that copy) affects no backup,
 * and {@code error} counts such copies as "still readable from another copy".
 */
public final class VerifyExecutor {
    private final Clock clock;

    public VerifyExecutor(Clock clock) {
        this.clock = clock;
    }

    public VerifyCompleted run(Repository repo, VerifyRequested req) {
        Instant started = clock.instant();
        try {
            Set<String> snapshots = Set.of();
            if (req.backupId() != null) {
                Optional<SnapshotInfo> s = new BackupCatalog("").find(repo, req.backupId());
                if (s.isEmpty()) {
                    return done(
                            req,
                            started,
                            Outcome.FAILED,
                            0,
                            0,
                            List.of(),
                            List.of(),
                            "backup " + req.backupId() + " not found");
                }
                snapshots = Set.of(s.get().id());
            }
            VerifyReport report = repo.verify(options(req, snapshots));
            List<DamagedBlob> damaged = new ArrayList<>();
            Set<String> affected = new LinkedHashSet<>();
            long recoverable = 0;
            for (VerifyReport.DamagedBlob d : report.damaged()) {
                damaged.add(new DamagedBlob(d.blobId(), d.pack(), d.problem()));
                if (d.recoverable()) {
                    recoverable++; // another copy checked good: reads use it, no backup loses anything
                    continue;
                }
                for (String snap : d.snapshots()) {
                    affected.add(backupIdOf(repo, snap));
                }
            }
            String error = report.ok()
                    ? null
                    : damaged.size() + " damaged blob(s)"
                            + (recoverable == 0 ? "" : " (" + recoverable + " still readable from another copy)")
                            + (report.errors().isEmpty() ? "" : "; " + String.join("; ", report.errors()));
            return done(
                    req,
                    started,
                    report.ok() ? Outcome.SUCCESS : Outcome.FAILED,
                    report.blobsChecked(),
                    report.bytesRead(),
                    damaged,
                    List.copyOf(affected),
                    error);
        } catch (Exception e) {
            return done(
                    req,
                    started,
                    Outcome.FAILED,
                    0,
                    0,
                    List.of(),
                    List.of(),
                    "verify could not run: " + e.getMessage());
        }
    }

    /** The repository's options for {@code req}: {@code read_data_percent} absent reads every pack. */
    static VerifyOptions options(VerifyRequested req, Set<String> snapshots) {
        return new VerifyOptions(
                req.readData(), snapshots, req.readDataPercent() == null ? 100 : req.readDataPercent());
    }

    private static String backupIdOf(Repository repo, String snapshotId) {
        try {
            return BackupCatalog.backupId(repo.snapshot(snapshotId)).orElse(snapshotId);
        } catch (Exception e) {
            return snapshotId;
        }
    }

    private VerifyCompleted done(
            VerifyRequested req,
            Instant started,
            Outcome status,
            long checked,
            long bytes,
            List<DamagedBlob> damaged,
            List<String> affected,
            String error) {
        Instant end = clock.instant();
        return new VerifyCompleted(
                req.requestId(),
                req.repository(),
                req.backupId(),
                status,
                req.readData(),
                checked,
                bytes,
                damaged,
                affected,
                started,
                end,
                Duration.between(started, end).toMillis(),
                req.correlationId(),
                error);
    }
}
