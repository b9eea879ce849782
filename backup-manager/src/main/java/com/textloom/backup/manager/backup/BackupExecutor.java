package com.textloom.backup.manager.backup;

import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.BackupProgress;
import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.BackupStarted;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.ComponentResult;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.manager.source.BackupSource;
import com.textloom.backup.repository.ComponentInfo;
import com.textloom.backup.repository.ProgressListener;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.SnapshotSpec;
import com.textloom.backup.repository.SnapshotType;
import com.textloom.backup.repository.SnapshotWriter;
import com.textloom.backup.repository.manifest.BackupManifest;
import com.textloom.backup.repository.manifest.ComponentOutcome;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one backup request against a repository: the sources into one snapshot, the manifest last,
 * then the commit.
 *
 * <p>Guarantees: a snapshot is committed only when at least one component succeeded (a backup with
 * every component failed leaves no snapshot); a component that failed midway leaves nothing of
 * itself in the snapshot (its partial stream is not referenced); the snapshot carries the tags
 * {@code backup:<id>} and {@code request:<request id>} and the tier tag ({@code daily},
 * {@code weekly}, {@code monthly}) of its type. Progress is reported at most every
 * {@link #PROGRESS_INTERVAL}.
 */
public final class BackupExecutor {
    public static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(3);
    /** {@link BackupManifest#BACKUP_TAG}. */
    public static final String BACKUP_TAG = BackupManifest.BACKUP_TAG;
    /** {@link BackupManifest#REQUEST_TAG}. */
    public static final String REQUEST_TAG = BackupManifest.REQUEST_TAG;

    /** What the executor tells while it runs. */
    public interface Listener {
        void started(BackupStarted event);

        void progress(BackupProgress event);
    }

    private final Clock clock;
    private final String instance;
    private final Runnable beforeCommit;

    public BackupExecutor(Clock clock, String instance) {
        this(clock, instance, () -> {});
    }

    /**
     * @param beforeCommit run just before the snapshot is committed; it returns when the commit may go ahead (the
     *                     HA pair's leadership check, which halts a manager that lost its lease) and throws to fail
     *                     the backup without a snapshot
     */
    public BackupExecutor(Clock clock, String instance, Runnable beforeCommit) {
        this.clock = clock;
        this.instance = instance;
        this.beforeCommit = beforeCommit;
    }

    /**
     * Backs up.
     *
     * @param sourcesFor the sources for the request's component names
     * @param extraTags  more snapshot tags (e.g. {@code safety} for the backup taken before an in-place restore)
     */
    public BackupCompleted run(
            Repository repo,
            BackupRequested req,
            String backupId,
            Function<List<String>, List<BackupSource>> sourcesFor,
            Set<String> extraTags,
            Listener listener) {
        Instant started = clock.instant();
        List<String> componentNames = req.components().isEmpty() ? Sources.ALL : req.components();
        listener.started(new BackupStarted(
                req.requestId(), backupId, req.repository(), req.type(), componentNames, instance, started));
        Set<String> tags = new LinkedHashSet<>(extraTags);
        tags.add(BACKUP_TAG + backupId);
        tags.add(REQUEST_TAG + req.requestId());
        String tier = tierOf(req.type());
        if (tier != null) {
            tags.add(tier);
        }
        SnapshotSpec spec = new SnapshotSpec(
                req.type() == BackupType.FULL ? SnapshotType.FULL : SnapshotType.INCREMENTAL,
                tags,
                null,
                null,
                started);
        Progress progress = new Progress(req, backupId, componentNames.size(), started, listener);
        BackupRun.Result result;
        Map<String, ComponentInfo> stored;
        String snapshotId = null;
        String error;
        try (SnapshotWriter writer = repo.newSnapshot(spec)) {
            RepositorySink sink = new RepositorySink(writer, progress);
            List<BackupSource> sources = sourcesFor.apply(componentNames);
            result = BackupRun.run(sources, sink, progress::component);
            stored = sink.stored();
            error = result.error();
            if (result.status() != Outcome.FAILED) {
                BackupManifest manifest = new BackupManifest(
                        backupId,
                        req.requestId(),
                        name(req.type()),
                        name(result.status()),
                        req.requestedBy(),
                        started,
                        clock.instant(),
                        result.components(),
                        error);
                manifest.addTo(writer);
                beforeCommit.run();
                SnapshotInfo info = writer.commit();
                snapshotId = info.id();
            }
        } catch (IOException | RuntimeException e) {
            Instant done = clock.instant();
            return BackupCompleted.failed(req, backupId, started, done, "repository: " + e.getMessage());
        }
        Instant done = clock.instant();
        List<ComponentResult> components = new ArrayList<>();
        for (ComponentOutcome c : result.components()) {
            long read = 0;
            long fresh = 0;
            long files = 0;
            for (Map.Entry<String, ComponentInfo> e : stored.entrySet()) {
                if (Sources.partOf(c.component(), e.getKey()) && c.ok()) {
                    read += e.getValue().bytes();
                    fresh += e.getValue().newBytes();
                    files += e.getValue().files();
                }
            }
            Map<String, Object> figures = new LinkedHashMap<>(c.figures());
            if (!c.warnings().isEmpty()) {
                figures.put("warnings", c.warnings());
            }
            components.add(new ComponentResult(
                    c.component(),
                    c.ok() ? (c.warnings().isEmpty() ? Outcome.SUCCESS : Outcome.PARTIAL) : Outcome.FAILED,
                    read,
                    fresh,
                    fresh,
                    files,
                    c.durationMs(),
                    figures,
                    c.error()));
        }
        return BackupCompleted.of(req, backupId)
                .status(result.status())
                .snapshotId(snapshotId)
                .ran(started, done)
                .components(components)
                .error(error)
                .build();
    }

    static String tierOf(BackupType type) {
        return switch (type) {
            case DAILY, WEEKLY, MONTHLY -> name(type);
            default -> null;
        };
    }

    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Counts bytes and files, and reports them at most every PROGRESS_INTERVAL. */
    private final class Progress implements ProgressListener {
        private final BackupRequested req;
        private final String backupId;
        private final int total;
        private final Instant started;
        private final Listener listener;
        private final AtomicLong bytes = new AtomicLong();
        private final AtomicLong files = new AtomicLong();
        private final AtomicReference<String> current = new AtomicReference<>();
        private int done = -1;
        private volatile long lastReport;

        Progress(BackupRequested req, String backupId, int total, Instant started, Listener listener) {
            this.req = req;
            this.backupId = backupId;
            this.total = total;
            this.started = started;
            this.listener = listener;
        }

        void component(String name) {
            current.set(name);
            done++;
            report(false);
        }

        @Override
        public void bytesProcessed(long n) {
            bytes.addAndGet(n);
            report(false);
        }

        @Override
        public void fileDone(String path, long size) {
            files.incrementAndGet();
            report(false);
        }

        private void report(boolean force) {
            long now = clock.millis();
            if (!force && now - lastReport < PROGRESS_INTERVAL.toMillis()) {
                return;
            }
            synchronized (this) {
                if (!force && now - lastReport < PROGRESS_INTERVAL.toMillis()) {
                    return;
                }
                lastReport = now;
            }
            listener.progress(new BackupProgress(
                    req.requestId(),
                    backupId,
                    req.repository(),
                    current.get(),
                    Math.max(done, 0),
                    total,
                    bytes.get(),
                    bytes.get(),
                    files.get(),
                    now - started.toEpochMilli(),
                    clock.instant()));
        }
    }

    /** Consumer adapter for callers that only want completions. */
    public static Listener quiet(Consumer<Object> sink) {
        return new Listener() {
            @Override
            public void started(BackupStarted event) {
                sink.accept(event);
            }

            @Override
            public void progress(BackupProgress event) {
                sink.accept(event);
            }
        };
    }
}
