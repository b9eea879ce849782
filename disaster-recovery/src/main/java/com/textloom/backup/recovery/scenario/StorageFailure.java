package com.textloom.backup.recovery.scenario;

import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.StorageSwitchCompleted;
import com.textloom.backup.events.StorageSwitchRequested;
import com.textloom.backup.events.VerifyCompleted;
import com.textloom.backup.events.VerifyRequested;
import com.textloom.backup.recovery.assess.Assessment;
import com.textloom.backup.recovery.assess.ConcurrentAssessor;
import com.textloom.backup.recovery.assess.ServiceCheck;
import com.textloom.backup.recovery.catalog.BackupInfo;
import com.textloom.backup.recovery.catalog.CatalogUnavailableException;
import com.textloom.backup.recovery.catalog.ManagerCatalog;
import com.textloom.backup.recovery.catalog.RepositoryCatalog;
import com.textloom.backup.recovery.config.RecoverConfig;
import com.textloom.backup.recovery.engine.PlannedStep;
import com.textloom.backup.recovery.engine.RunContext;
import com.textloom.backup.recovery.engine.StepOutcome;
import com.textloom.backup.recovery.manager.ManagerRequests;
import com.textloom.backup.recovery.plan.PlanRefusedException;
import com.textloom.backup.repository.storage.location.RepositoryLocation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * storage_failure (存储故障: 存储切换 → 数据同步 → 服务恢复): the manager's repository is unreachable or damaged, so
 * backups and restores move to the best remote copy, announced to the manager by StorageSwitchRequested
 * ({@code use_remote}), which it obeys and keeps across restarts; when the local storage is usable again the manager
 * copies the remote back into it and verifies it ({@code rebuild_local}), then switches back ({@code use_local}).
 *
 * <p>Guarantees: the remote is chosen before anything runs (the dry run shows it): the manager's current one when
 * it was switched already, else the readable remote holding the newest snapshot; none readable refuses the plan.
 * Disaster recovery writes no repository data itself: the copy and the verify are the manager's. While the local
 * storage is not usable (a path that cannot hold the directory, a disk not mounted), rebuilding is a {@code manual}
 * step that says so and the manager stays on the remote; running the scenario again once it is back finishes it. A
 * dry run only reads: the assessment, the manager's status, the local path; no request reaches the manager.
 */
@ApplicationScoped
public class StorageFailure {
    @Inject
    ConcurrentAssessor assessor;

    @Inject
    ManagerCatalog manager;

    @Inject
    ManagerRequests requests;

    @Inject
    RecoverConfig config;

    private final Clock clock = Clock.systemUTC();

    /** The remote chosen for a recovery and why. */
    public record Choice(String remote, String why, String primary) {}

    /**
     * Chooses the remote: the one the manager already uses, else the readable remote with the newest snapshot.
     *
     * @throws PlanRefusedException 503 when the manager cannot be asked, 400 {@code no_remote} when no remote is readable
     */
    public Choice choose() {
        ManagerCatalog.ManagerStorage now;
        try {
            now = manager.storage();
        } catch (CatalogUnavailableException e) {
            throw new PlanRefusedException(
                    503, "manager_unavailable", "the manager's status cannot be read: " + e.getMessage());
        }
        if (now.switched()) {
            return new Choice(
                    now.active(),
                    "the manager already uses it instead of " + now.primary() + " (since " + now.since() + ")",
                    now.primary());
        }
        Assessment a = assessor.assess();
        ServiceCheck storage = a.service("storage");
        List<Map<String, Object>> remotes = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        Object locations = storage == null ? null : storage.facts().get("locations");
        if (locations instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m && "remote".equals(m.get("role"))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> l = (Map<String, Object>) m;
                    if ("ok".equals(l.get("status"))) {
                        remotes.add(l);
                    } else {
                        unreadable.add(l.get("location") + " (" + l.get("status") + ": " + l.get("error") + ")");
                    }
                }
            }
        }
        Optional<Map<String, Object>> best = remotes.stream()
                .max(Comparator.comparing(
                                (Map<String, Object> l) -> String.valueOf(l.getOrDefault("latest_snapshot_time", "")))
                        .thenComparing(l -> ((Number) l.getOrDefault("snapshots", 0)).intValue()));
        if (best.isEmpty()) {
            throw new PlanRefusedException(
                    400,
                    "no_remote",
                    "no remote copy can be read, so there is nothing to switch to"
                            + (unreadable.isEmpty()
                                    ? " (none is configured: MINIO_*, OBS_* or BACKUP_REMOTES)"
                                    : ": " + String.join("; ", unreadable)));
        }
        Map<String, Object> l = best.get();
        return new Choice(
                String.valueOf(l.get("location")),
                "readable, " + l.get("snapshots") + " snapshots, the newest "
                        + l.get("latest_snapshot") + " of " + l.get("latest_snapshot_time")
                        + (remotes.size() > 1 ? " (the newest of " + remotes.size() + " readable remotes)" : "")
                        + (unreadable.isEmpty() ? "" : "; unreadable: " + String.join("; ", unreadable)),
                now.primary());
    }

    /**
     * The backups of the chosen remote read straight from it (not through the manager, whose own repository may be
     * lost): what a storage_failure drill chooses from and measures the RPO on.
     *
     * @throws PlanRefusedException 400 {@code no_remote} when the chosen remote is not among the configured ones
     */
    public RepositoryCatalog catalogOf(Choice c) {
        Map<String, String> env = assessor.settings().storageEnvironment();
        for (String uri : assessor.settings().remotes()) {
            try {
                if (RepositoryLocation.parse(uri, env).toString().equals(c.remote())) {
                    return new RepositoryCatalog(uri, env);
                }
            } catch (RuntimeException misconfigured) {
                // the assessment reports it; it is not the chosen one
            }
        }
        throw new PlanRefusedException(
                400,
                "no_remote",
                "the remote " + c.remote() + " the manager uses is not configured"
                        + " here (BACKUP_REMOTES, MINIO_*, OBS_*): a drill reads the remote itself, so configure it as the manager does");
    }

    /** What the plan shows as targets and as what it changes. */
    public Map<String, String> targets(Choice c) {
        return Map.of(
                "backups_and_restores",
                c.remote() + " while the local storage is rebuilt, then " + c.primary(),
                "repository",
                c.primary() + " (rebuilt from " + c.remote() + ")");
    }

    public List<String> overwrites(Choice c) {
        return List.of("the manager backs up to and restores from " + c.remote() + " until " + c.primary()
                + " is rebuilt; the rebuild adds what " + c.primary() + " lacks and deletes nothing");
    }

    /** Records the choice. */
    public PlannedStep chooseRemote(Choice c) {
        return PlannedStep.reading(
                "choose_remote",
                "use the remote " + c.remote() + " (" + c.why() + ")",
                ctx -> StepOutcome.success("remote " + c.remote() + ": " + c.why()));
    }

    /** Asks the manager to back up to and restore from the remote. */
    public PlannedStep switchToRemote(Choice c) {
        return PlannedStep.changing(
                "switch_to_remote",
                "ask the manager to back up to and restore from " + c.remote() + " (StorageSwitchRequested use_remote)",
                ctx -> {
                    StorageSwitchCompleted done = ask(ctx, StorageSwitchRequested.USE_REMOTE, c.remote());
                    return StepOutcome.success("the manager backs up to and restores from " + done.active()
                            + " (instead of " + done.primary() + "), kept across its restarts");
                });
    }

    /** Verifies the newest backup through the manager, which now reads the remote: restores work from it. */
    public PlannedStep verifyRemote(Choice c) {
        return PlannedStep.reading(
                        "verify_remote",
                        "verify the newest backup through the manager, now reading " + c.remote(),
                        ctx -> {
                            Optional<BackupInfo> newest = manager.list().stream()
                                    .filter(b -> !"failed".equals(b.status()))
                                    .findFirst();
                            if (newest.isEmpty()) {
                                return StepOutcome.success(
                                        "the remote holds no backup yet: the next backup goes there");
                            }
                            String id = newest.get().backupId();
                            VerifyCompleted v = requests.verify(
                                    new VerifyRequested(
                                            ctx.id() + "-verify-remote",
                                            config.repository(),
                                            id,
                                            false,
                                            "disaster-recovery",
                                            clock.instant(),
                                            ctx.id()),
                                    config.restoreTimeout());
                            if (v.status() != Outcome.SUCCESS) {
                                return StepOutcome.failed("backup " + id + " does not verify in " + c.remote() + ": "
                                        + (v.error() != null
                                                ? v.error()
                                                : v.damagedBlobs().size() + " damaged blobs"));
                            }
                            return StepOutcome.success(
                                    "backup " + id + " verified in " + c.remote() + " (its structure: snapshot, index,"
                                            + " every pack it needs present); restores read from there");
                        })
                .withDryRun(ctx -> StepOutcome.skipped(
                        "dry run: the manager was not switched; would verify the newest backup in " + c.remote()));
    }

    /** Copies the remote back into the local storage and verifies it, through the manager; manual while it is not usable. */
    public PlannedStep rebuildLocal(Choice c) {
        return PlannedStep.changing(
                        "rebuild_local",
                        "when " + c.primary() + " is usable: ask the manager to copy what it lacks" + " from "
                                + c.remote() + " and verify it"
                                + (config.verifyReadData() ? " (every blob re-read)" : ""),
                        ctx -> {
                            Optional<String> notBack = notUsable();
                            if (notBack.isPresent()) {
                                ctx.recommend("when the local storage is back (" + notBack.get()
                                        + "), run `scripts/disaster_recovery.sh recover"
                                        + " --scenario storage_failure` again: it rebuilds " + c.primary() + " from "
                                        + c.remote() + " and switches back");
                                return StepOutcome.manual("the local storage is not back: " + notBack.get()
                                        + "; backups and restores stay on " + c.remote() + " meanwhile");
                            }
                            StorageSwitchCompleted done = ask(ctx, StorageSwitchRequested.REBUILD_LOCAL, null);
                            return StepOutcome.success(
                                    "rebuilt " + done.primary() + " from " + done.active() + ": " + done.blobsCopied()
                                            + " blobs ("
                                            + String.format(Locale.ROOT, "%.1f MiB", done.bytesCopied() / 1048576.0)
                                            + ") copied, "
                                            + done.snapshots() + " snapshots, verified "
                                            + (config.verifyReadData() ? "with every blob re-read" : "(structure)"));
                        })
                .withDryRun(ctx -> StepOutcome.success(notUsable()
                        .map(why -> "the local storage is not back (" + why + "): would leave the manager on "
                                + c.remote() + " and ask a person to run the scenario again")
                        .orElse("the local storage is usable: would ask the manager to rebuild " + c.primary()
                                + " from " + c.remote())));
    }

    /** Switches the manager back to its configured repository (what is still missing copied first). */
    public PlannedStep switchBack(Choice c) {
        return PlannedStep.changing(
                "switch_back",
                "ask the manager to go back to " + c.primary()
                        + " (StorageSwitchRequested use_local: the newest backups copied first, verified)",
                ctx -> {
                    Optional<String> notBack = notUsable();
                    if (notBack.isPresent()) {
                        return StepOutcome.skipped(
                                "not switched back: the local storage is not back (" + notBack.get() + ")");
                    }
                    StorageSwitchCompleted done = ask(ctx, StorageSwitchRequested.USE_LOCAL, null);
                    return StepOutcome.success("the manager backs up to and restores from " + done.active() + " again"
                            + (done.blobsCopied() > 0 ? " (" + done.blobsCopied() + " more blobs copied first)" : ""));
                });
    }

    /** Assesses again: the storage readable, local and remote. */
    public PlannedStep checkStorage() {
        return PlannedStep.reading(
                "check_health", "assess again: storage healthy (the rebuilt repository and its remotes)", ctx -> {
                    if (ctx.request().dryRun()) {
                        return StepOutcome.skipped("dry run: would assess the storage after the rebuild");
                    }
                    if (notUsable().isPresent()) {
                        return StepOutcome.skipped(
                                "the local storage is not back: the storage stays critical until it is rebuilt");
                    }
                    ServiceCheck s = assessor.assess().service("storage");
                    if (s == null || !s.healthy()) {
                        return StepOutcome.failed("after the rebuild the assessment still finds storage "
                                + (s == null ? "unchecked" : s.status() + ": " + s.detail()));
                    }
                    return StepOutcome.success("storage " + s.status() + ": " + s.detail());
                });
    }

    private StorageSwitchCompleted ask(RunContext ctx, String action, String remote) {
        StorageSwitchCompleted done = requests.storage(
                new StorageSwitchRequested(
                        ctx.id() + "-storage-" + action,
                        config.repository(),
                        action,
                        remote,
                        config.verifyReadData(),
                        "disaster-recovery",
                        clock.instant(),
                        ctx.id()),
                config.restoreTimeout());
        if (done.status() != Outcome.SUCCESS) {
            throw new IllegalStateException("the manager did not " + action.replace('_', ' ') + ": " + done.error());
        }
        return done;
    }

    /**
     * Why the configured repository's storage cannot hold it now, empty when it can: for a local repository, its
     * directory exists and is writable, or the nearest existing parent is a writable directory. Another kind of
     * repository is taken as usable (the manager's rebuild says otherwise).
     */
    Optional<String> notUsable() {
        RepositoryLocation l;
        try {
            l = RepositoryLocation.parse(
                    assessor.settings().repository(), assessor.settings().storageEnvironment());
        } catch (RuntimeException e) {
            return Optional.of("the repository location cannot be read: " + e.getMessage());
        }
        if (l.kind() != RepositoryLocation.Kind.LOCAL) {
            return Optional.empty();
        }
        Path p = l.path().toAbsolutePath().normalize();
        if (Files.exists(p)) {
            return Files.isDirectory(p) && Files.isWritable(p)
                    ? Optional.empty()
                    : Optional.of(p + (Files.isDirectory(p) ? " is not writable" : " is not a directory"));
        }
        Path parent = p.getParent();
        while (parent != null && !Files.exists(parent)) {
            parent = parent.getParent();
        }
        if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
            return Optional.of(p + " cannot be created ("
                    + (parent == null ? "no parent" : parent + " is not a writable directory") + ")");
        }
        return Optional.empty();
    }
}
