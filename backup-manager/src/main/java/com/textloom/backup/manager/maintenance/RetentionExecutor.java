package com.textloom.backup.manager.maintenance;

import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RemoteRetention;
import com.textloom.backup.events.RetentionCompleted;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.manager.catalog.BackupCatalog;
import com.textloom.backup.manager.remote.Remotes;
import com.textloom.backup.repository.PruneOptions;
import com.textloom.backup.repository.PruneReport;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.retention.RetentionCandidate;
import com.textloom.backup.repository.retention.RetentionDecision;
import com.textloom.backup.repository.retention.RetentionPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cleanup: applies GFS retention (keep N daily / weekly / monthly, from the request or from
 * {@code BACKUP_*_RETENTION_*}) to the backups, forgets the others and prunes unreferenced data,
 * in the local repository and then in each remote copy. The newest successful backup is always kept
 * (the retention library guarantees it). A dry run lists what would go where and why, and changes
 * nothing anywhere.
 *
 * <p>Remotes are replicas (same snapshot ids), so the decision is taken once, on the local
 * repository, and a remote forgets the same snapshots by id. A remote also forgets a backup the local
 * repository no longer holds (removed while that remote was unreachable, or deleted) when the policy,
 * applied to the local backups plus those, would remove it; a backup kept locally is never forgotten
 * on a remote. Status: {@code failed} when the local retention failed (remotes are then not touched),
 * {@code partial} when it succeeded but a remote failed (that remote's entry says why), else
 * {@code success}.
 */
public final class RetentionExecutor {
    private final Clock clock;
    private final Map<String, String> environment;
    private final List<String> remotes;

    public RetentionExecutor(Clock clock, Map<String, String> environment, List<String> remotes) {
        this.clock = clock;
        this.environment = environment;
        this.remotes = List.copyOf(remotes);
    }

    public RetentionCompleted run(Repository repo, RetentionRequested req) {
        Instant started = clock.instant();
        RetentionPolicy policy = RetentionPolicy.fromEnvironment(environment);
        if (req.policy() != null) {
            policy = new RetentionPolicy(
                    policy.keepLast(),
                    req.policy().keepDaily(),
                    req.policy().keepWeekly(),
                    req.policy().keepMonthly(),
                    policy.zone());
        }
        com.textloom.backup.events.RetentionPolicy applied = new com.textloom.backup.events.RetentionPolicy(
                policy.keepDaily(), policy.keepWeekly(), policy.keepMonthly());
        Local local;
        try {
            local = local(repo, req, policy);
        } catch (Exception e) {
            return done(
                    req,
                    started,
                    Outcome.FAILED,
                    applied,
                    List.of(),
                    List.of(),
                    0,
                    0,
                    List.of(),
                    "retention could not run: " + e.getMessage());
        }
        List<RemoteRetention> onRemotes = new ArrayList<>();
        for (String uri : remotes) {
            long t0 = System.nanoTime();
            RetentionPolicy p = policy;
            onRemotes.add(Remotes.onRepository(
                    uri,
                    environment,
                    (name, remote) -> remote(name, remote, local, p, req.dryRun(), t0),
                    (name, e) -> new RemoteRetention(
                            name,
                            Outcome.FAILED,
                            List.of(),
                            0,
                            0,
                            millisSince(t0),
                            "retention on " + name + " failed: " + e.getMessage())));
        }
        long failed =
                onRemotes.stream().filter(r -> r.status() != Outcome.SUCCESS).count();
        return done(
                req,
                started,
                failed == 0 ? Outcome.SUCCESS : Outcome.PARTIAL,
                applied,
                local.kept,
                local.removed,
                local.packs,
                local.freed,
                onRemotes,
                failed == 0
                        ? null
                        : "retention failed on " + failed + " of " + remotes.size()
                                + " remotes; the local repository was cleaned");
    }

    /** The local decision and, unless a dry run, its forget and prune. */
    private static Local local(Repository repo, RetentionRequested req, RetentionPolicy policy) throws Exception {
        Local l = new Local();
        for (SnapshotInfo s : repo.snapshots()) {
            BackupCatalog.backupId(s).ifPresent(id -> {
                l.candidates.add(RetentionCandidate.of(s));
                l.names.put(s.id(), id);
            });
        }
        List<String> removeIds = new ArrayList<>();
        for (RetentionDecision d : policy.apply(l.candidates).decisions()) {
            String line = l.names.get(d.snapshot().id()) + " (" + String.join(", ", d.reasons()) + ")";
            if (d.keep()) {
                l.kept.add(line);
                l.keptIds.add(d.snapshot().id());
            } else {
                l.removed.add(line);
                removeIds.add(d.snapshot().id());
            }
        }
        if (!req.dryRun()) {
            if (!removeIds.isEmpty()) {
                repo.forget(removeIds);
            }
            PruneReport pr = repo.prune(PruneOptions.defaults());
            l.packs = pr.packsDeleted();
            l.freed = pr.bytesFreed();
        }
        return l;
    }

    /** The same retention on one remote replica. */
    private static RemoteRetention remote(
            String name, Repository remote, Local local, RetentionPolicy policy, boolean dryRun, long t0)
            throws Exception {
        List<SnapshotInfo> backups = new ArrayList<>();
        List<RetentionCandidate> union = new ArrayList<>(local.candidates);
        for (SnapshotInfo s : remote.snapshots()) {
            if (BackupCatalog.backupId(s).isPresent()) {
                backups.add(s);
                if (!local.names.containsKey(s.id())) {
                    union.add(RetentionCandidate.of(s));
                }
            }
        }
        Set<String> keepInUnion = new HashSet<>();
        for (RetentionCandidate c : policy.apply(union).keep()) {
            keepInUnion.add(c.id());
        }
        List<String> forget = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (SnapshotInfo s : backups) {
            boolean known = local.names.containsKey(s.id());
            boolean go = known ? !local.keptIds.contains(s.id()) : !keepInUnion.contains(s.id());
            if (go) {
                forget.add(s.id());
                removed.add(BackupCatalog.backupId(s).orElseThrow()
                        + (known ? "" : " (no longer in the local repository)"));
            }
        }
        long packs = 0;
        long freed = 0;
        if (!dryRun) {
            if (!forget.isEmpty()) {
                remote.forget(forget);
            }
            PruneReport pr = remote.prune(PruneOptions.defaults());
            packs = pr.packsDeleted();
            freed = pr.bytesFreed();
        }
        return new RemoteRetention(name, Outcome.SUCCESS, removed, packs, freed, millisSince(t0), null);
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private RetentionCompleted done(
            RetentionRequested req,
            Instant started,
            Outcome status,
            com.textloom.backup.events.RetentionPolicy policy,
            List<String> kept,
            List<String> removed,
            long packs,
            long freed,
            List<RemoteRetention> onRemotes,
            String error) {
        Instant end = clock.instant();
        return new RetentionCompleted(
                req.requestId(),
                req.repository(),
                status,
                req.dryRun(),
                policy,
                kept,
                removed,
                packs,
                freed,
                onRemotes,
                started,
                end,
                Duration.between(started, end).toMillis(),
                error);
    }

    /** What the local run decided and did. */
    private static final class Local {
        final List<RetentionCandidate> candidates = new ArrayList<>();
        final Map<String, String> names = new HashMap<>();
        final Set<String> keptIds = new HashSet<>();
        final List<String> kept = new ArrayList<>();
        final List<String> removed = new ArrayList<>();
        long packs;
        long freed;
    }
}
