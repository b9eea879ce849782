package com.textloom.backup.manager.maintenance;

import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RetentionCompleted;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.manager.catalog.BackupCatalog;
import com.textloom.backup.repository.PruneOptions;
import com.textloom.backup.repository.PruneReport;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.retention.RetentionCandidate;
import com.textloom.backup.repository.retention.RetentionDecision;
import com.textloom.backup.repository.retention.RetentionPlan;
import com.textloom.backup.repository.retention.RetentionPolicy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cleanup: applies GFS retention (keep N daily / weekly / monthly, from the request or from
 * {@code BACKUP_*_RETENTION_*}) to the backups, forgets the others and prunes unreferenced data.
 * The newest successful backup is always kept (the retention library guarantees it). A dry run
 * lists what would go and why, and changes nothing.
 */
public final class RetentionExecutor {
    private final Clock clock;
    private final Map<String, String> environment;

    public RetentionExecutor(Clock clock, Map<String, String> environment) {
        this.clock = clock;
        this.environment = environment;
    }

    public RetentionCompleted run(Repository repo, RetentionRequested req) {
        Instant started = clock.instant();
        RetentionPolicy policy = RetentionPolicy.fromEnvironment(environment);
        if (req.policy() != null) {
            policy = new RetentionPolicy(policy.keepLast(), req.policy().keepDaily(), req.policy().keepWeekly(),
                    req.policy().keepMonthly(), policy.zone());
        }
        com.textloom.backup.events.RetentionPolicy applied = new com.textloom.backup.events.RetentionPolicy(
                policy.keepDaily(), policy.keepWeekly(), policy.keepMonthly());
        try {
            List<RetentionCandidate> candidates = new ArrayList<>();
            for (SnapshotInfo s : repo.snapshots()) {
                if (BackupCatalog.backupId(s).isPresent()) {
                    candidates.add(RetentionCandidate.of(s));
                }
            }
            RetentionPlan plan = policy.apply(candidates);
            List<String> kept = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            List<String> removeIds = new ArrayList<>();
            for (RetentionDecision d : plan.decisions()) {
                String name = repo.snapshots().stream().filter(s -> s.id().equals(d.snapshot().id())).findFirst()
                        .flatMap(BackupCatalog::backupId).orElse(d.snapshot().id());
                String line = name + " (" + String.join(", ", d.reasons()) + ")";
                if (d.keep()) {
                    kept.add(line);
                } else {
                    removed.add(line);
                    removeIds.add(d.snapshot().id());
                }
            }
            long packs = 0;
            long freed = 0;
            if (!req.dryRun()) {
                if (!removeIds.isEmpty()) {
                    repo.forget(removeIds);
                }
                PruneReport pr = repo.prune(PruneOptions.defaults());
                packs = pr.packsDeleted();
                freed = pr.bytesFreed();
            }
            return done(req, started, Outcome.SUCCESS, applied, kept, removed, packs, freed, null);
        } catch (Exception e) {
            return done(req, started, Outcome.FAILED, applied, List.of(), List.of(), 0, 0, "retention could not run: " + e.getMessage());
        }
    }

    private RetentionCompleted done(RetentionRequested req, Instant started, Outcome status,
                                    com.textloom.backup.events.RetentionPolicy policy, List<String> kept, List<String> removed,
                                    long packs, long freed, String error) {
        Instant end = clock.instant();
        return new RetentionCompleted(req.requestId(), req.repository(), status, req.dryRun(), policy, kept, removed, packs,
                freed, started, end, Duration.between(started, end).toMillis(), error);
    }
}
