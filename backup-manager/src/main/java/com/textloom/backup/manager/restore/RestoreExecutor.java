package com.textloom.backup.manager.restore;

import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RestoreCompleted;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.RestoredComponent;
import com.textloom.backup.manager.backup.Sources;
import com.textloom.backup.manager.source.Comparison;
import com.textloom.backup.manager.source.RestoreOutcome;
import com.textloom.backup.manager.source.SourceException;
import com.textloom.backup.manager.source.ToolLimits;
import com.textloom.backup.manager.source.database.DatabaseRestoreOptions;
import com.textloom.backup.manager.source.database.PostgresRestorer;
import com.textloom.backup.manager.source.redis.RedisRestorer;
import com.textloom.backup.repository.ComponentInfo;
import com.textloom.backup.repository.ProgressListener;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RestoreOptions;
import com.textloom.backup.repository.RestoreResult;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.manifest.BackupManifest;
import com.textloom.backup.repository.manifest.ComponentOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a planned restore component by component and proves each one: databases and Redis by their
 * figures recomputed on the target, file trees by files and bytes written against those the backup
 * recorded (the repository authenticates every chunk it restores). A component that fails does not
 * stop the others; the restore is then {@code partial}. A dry run writes nothing and reports the plan.
 * The caller takes the safety backup before an in-place plan.
 */
public final class RestoreExecutor {
    private final Clock clock;
    private final int jobs;
    private final ToolLimits limits;

    public RestoreExecutor(Clock clock, int jobs, ToolLimits limits) {
        this.clock = clock;
        this.jobs = jobs;
        this.limits = limits;
    }

    public RestoreCompleted run(Repository repo, SnapshotInfo snapshot, RestoreRequested req, RestorePlan plan) {
        Instant started = clock.instant();
        List<RestoredComponent> out = new ArrayList<>();
        if (req.dryRun()) {
            for (RestorePlan.Item item : plan.items()) {
                out.add(new RestoredComponent(
                        item.step().component(),
                        Outcome.SUCCESS,
                        item.step().target(),
                        0,
                        0,
                        0,
                        null,
                        List.of(),
                        null));
            }
            return done(req, started, Outcome.SUCCESS, out, null);
        }
        BackupManifest manifest;
        try {
            manifest = BackupManifest.read(repo, snapshot);
        } catch (IOException e) {
            return done(req, started, Outcome.FAILED, out, "cannot read the backup's manifest: " + e.getMessage());
        }
        for (RestorePlan.Item item : plan.items()) {
            long t0 = System.nanoTime();
            String component = item.step().component();
            try {
                out.add(restoreOne(repo, snapshot, manifest, item, t0));
            } catch (SourceException | IOException | RuntimeException e) {
                out.add(new RestoredComponent(
                        component,
                        Outcome.FAILED,
                        item.step().target(),
                        0,
                        0,
                        millis(t0),
                        false,
                        List.of(),
                        e.getMessage()));
            }
        }
        long ok = out.stream().filter(c -> c.status() == Outcome.SUCCESS).count();
        Outcome status = ok == out.size() ? Outcome.SUCCESS : ok == 0 ? Outcome.FAILED : Outcome.PARTIAL;
        String error = out.stream()
                .filter(c -> c.error() != null)
                .map(c -> c.component() + ": " + c.error())
                .reduce((a, b) -> a + "; " + b)
                .orElse(null);
        return done(req, started, status, out, error);
    }

    private RestoredComponent restoreOne(
            Repository repo, SnapshotInfo s, BackupManifest manifest, RestorePlan.Item item, long t0)
            throws SourceException, IOException {
        String component = item.step().component();
        Map<String, String> figures = manifest.components().stream()
                .filter(c -> c.component().equals(component))
                .findFirst()
                .map(ComponentOutcome::figures)
                .orElse(Map.of());
        RestoreOutcome outcome;
        long bytes = item.step().bytes();
        long files = 1;
        if (item.target() instanceof RestorePlan.DatabaseTarget d) {
            outcome = new PostgresRestorer(d.server(), limits)
                    .restore(
                            RepositoryStreams.opener(repo, s.id()),
                            figures,
                            new DatabaseRestoreOptions(d.database(), d.inPlace(), jobs, false, d.spool()));
        } else if (item.target() instanceof RestorePlan.RedisTarget r) {
            if (!r.inPlace()) {
                RedisTargets.checkNotLive(
                        r.options().target().withDb(r.options().targetDb()), r.live());
            }
            outcome = new RedisRestorer().restore(RepositoryStreams.opener(repo, s.id()), figures, r.options());
        } else if (item.target() instanceof RestorePlan.RdbFileTarget f) {
            Path file = f.file();
            TargetDirectories.file(
                    file.getParent().toString(), file.getFileName().toString(), f.roots(), false);
            outcome = new RedisRestorer().writeRdbFile(RepositoryStreams.opener(repo, s.id()), figures, file);
            bytes = Files.size(file);
        } else {
            RestorePlan.DirectoryTarget t = (RestorePlan.DirectoryTarget) item.target();
            if (t.inPlace()) {
                Files.createDirectories(t.dir());
            } else {
                TargetDirectories.create(t.dir(), t.roots());
            }
            RestoreResult rr = repo.restoreTree(
                    s.id(), component, null, t.dir(), RestoreOptions.defaults(), ProgressListener.NONE);
            if (!t.inPlace()) {
                TargetDirectories.makePrivate(t.dir());
            }
            ComponentInfo info = s.component(component).orElseThrow();
            outcome = new RestoreOutcome(
                    component,
                    t.dir().toString(),
                    Comparison.of(
                            Map.of("files", Long.toString(info.files()), "bytes", Long.toString(info.bytes())),
                            Map.of("files", Long.toString(rr.files()), "bytes", Long.toString(rr.bytes()))),
                    rr.skipped());
            bytes = rr.bytes();
            files = rr.files();
        }
        List<com.textloom.backup.events.Comparison> comparisons = outcome.comparison() == null
                ? List.of()
                : outcome.comparison().entries().stream()
                        .map(e -> new com.textloom.backup.events.Comparison(
                                e.name(), e.expected(), e.actual(), e.equal()))
                        .toList();
        boolean equal = outcome.comparison() == null || outcome.comparison().allEqual();
        return new RestoredComponent(
                component,
                equal ? Outcome.SUCCESS : Outcome.PARTIAL,
                outcome.target(),
                bytes,
                files,
                millis(t0),
                equal,
                comparisons,
                equal
                        ? null
                        : "restored copy differs: "
                                + outcome.comparison().differences().stream()
                                        .map(Comparison.Entry::name)
                                        .limit(10)
                                        .toList());
    }

    private RestoreCompleted done(
            RestoreRequested req, Instant started, Outcome status, List<RestoredComponent> out, String error) {
        Instant end = clock.instant();
        return new RestoreCompleted(
                req.requestId(),
                req.repository(),
                req.backupId(),
                status,
                req.dryRun(),
                started,
                end,
                Duration.between(started, end).toMillis(),
                out,
                req.correlationId(),
                error);
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Components of a plan, for the safety backup before an in-place restore. */
    public static List<String> inPlaceComponents(RestorePlan plan) {
        return plan.items().stream()
                .filter(i -> i.step().inPlace())
                .map(i -> i.step().component())
                .filter(Sources.ALL::contains)
                .toList();
    }
}
