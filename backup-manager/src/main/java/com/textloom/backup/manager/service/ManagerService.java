package com.textloom.backup.manager.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.BackupProgress;
import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.BackupStarted;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.EventCodec;
import com.textloom.backup.events.EventJson;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RemoteCopy;
import com.textloom.backup.events.RestoreCompleted;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.RetentionCompleted;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.UnreadableEventException;
import com.textloom.backup.events.VerifyCompleted;
import com.textloom.backup.events.VerifyRequested;
import com.textloom.backup.manager.backup.BackupExecutor;
import com.textloom.backup.manager.backup.BackupIds;
import com.textloom.backup.manager.backup.RemoteSync;
import com.textloom.backup.manager.backup.Sources;
import com.textloom.backup.manager.catalog.BackupCatalog;
import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.ha.ManagerActivated;
import com.textloom.backup.manager.ha.ManagerRole;
import com.textloom.backup.manager.maintenance.RetentionExecutor;
import com.textloom.backup.manager.maintenance.VerifyExecutor;
import com.textloom.backup.manager.operation.Admission;
import com.textloom.backup.manager.operation.Operation;
import com.textloom.backup.manager.operation.Operations;
import com.textloom.backup.manager.outbox.OutboxSender;
import com.textloom.backup.manager.restore.RestoreExecutor;
import com.textloom.backup.manager.restore.RestorePlan;
import com.textloom.backup.manager.storage.RestoreSources;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.support.audit.AuditLog;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Runs the requests the manager receives, whatever their origin (Kafka, REST through Kafka).
 *
 * <p>Guarantees: a received request is accepted (recorded durably, with the request) before it is
 * acknowledged, and acknowledged at once, never after its work; requests for one repository run one
 * at a time, in arrival order, on that repository's own worker thread (one writer per repository; a
 * busy repository makes the next request wait its turn); accepted requests not finished when the
 * process stops run after the restart. Whether a delivered request runs is decided by
 * {@link Admission}: a request id recorded before (in this run or, through the durable operation
 * store, before a restart) is acknowledged and not run again, except an interrupted backup; a
 * restore, verify or retention request older than {@code BACKUP_REQUEST_MAX_AGE} when it is received
 * or when its turn comes is not run (logged with the reason, recorded as {@code ignored}, no
 * completion event: the original request had its own). A backup request whose
 * snapshot is already in the repository is not run again. Every request that runs ends with its
 * completion event, kept in the outbox until the broker acknowledges it ({@link OutboxSender}), and, for create /
 * verify / restore / delete / retention, one audit line.
 */
@ApplicationScoped
public class ManagerService {
    private static final Logger LOG = Logger.getLogger(ManagerService.class);
    public static final String SAFETY_TAG = "safety";
    private static final EventCodec CODEC = new EventCodec();

    @Inject
    ManagerSettings settings;

    @Inject
    RepositoryHolder repositories;

    @Inject
    Operations operations;

    @Inject
    AuditLog audit;

    @Inject
    EventSink events;

    @Inject
    RestoreSources sources;

    @Inject
    OutboxSender outbox;

    @Inject
    ManagerRole role;

    private final Clock clock = Clock.systemUTC();
    private final Map<String, ExecutorService> workers = new ConcurrentHashMap<>();
    private final BackupIds ids = new BackupIds();
    private final String instance =
            "backup-manager-" + UUID.randomUUID().toString().substring(0, 8);

    /** A fresh backup id (guide form), unique in this instance. */
    public String newBackupId() {
        return ids.next(clock.instant());
    }

    /**
     * Takes a request as it is received: decides whether it is accepted ({@link Admission}), records that durably in
     * the operation store, with the request itself, and queues an accepted request on its repository's worker.
     * Returns once the decision is on disk, so the caller acknowledges the request to the broker at once, however
     * long the work takes: the consumer never waits for a job (a record left unprocessed longer than the Kafka
     * connector's {@code unprocessed-record-max-age.ms} would fail the channel and stop all consumption). A request
     * accepted and not finished when the process stops runs after the restart ({@link #resumeUnfinished}).
     */
    public Admission accept(SuiteEvent event) {
        Request request = Request.of(event);
        Admission admission = operations.accept(
                request.id(), request.kind(), request.backupId(), request.requestedAt(), stored(event));
        switch (admission.verdict()) {
            case RUN -> queue(request, event);
            case DUPLICATE ->
                LOG.infof(
                        "%s request %s was received before: acknowledged, not run again (%s)",
                        request.kind(), request.id(), admission.reason());
            case TOO_OLD ->
                LOG.warnf(
                        "%s request %s (backup %s, by %s) is acknowledged and not run: %s",
                        request.kind(), request.id(), request.backupId(), request.requestedBy(), admission.reason());
        }
        return admission;
    }

    /**
     * Runs, in their order, the requests accepted before the last stop and not finished then: when this manager
     * becomes the active one, at start-up or when a standby takes over from a manager that died (same state
     * directory).
     */
    void resumeUnfinished(@Observes ManagerActivated start) {
        // first on the worker: a repository lost or replaced since the last run is reported now, not at the next
        // request
        onRepositoryWorker(() -> {
            repositories.check();
            return null;
        });
        try {
            RestorePlan.spool(settings).clear();
        } catch (IOException e) {
            LOG.warnf("the database restore spool could not be cleared: %s", e.getMessage());
        }
        List<Operation> unfinished = operations.unfinished();
        if (!unfinished.isEmpty()) {
            LOG.infof(
                    "%d request(s) accepted before the last stop and not finished then run now: %s",
                    unfinished.size(),
                    unfinished.stream()
                            .map(o -> o.kind() + " " + o.operationId() + " (" + o.status() + ")")
                            .toList());
        }
        for (Operation op : unfinished) {
            SuiteEvent event;
            try {
                event = CODEC.decode(
                        op.request().type(),
                        EventJson.mapper().writeValueAsBytes(op.request().event()));
            } catch (UnreadableEventException | JsonProcessingException | RuntimeException e) {
                LOG.errorf(
                        "the stored request of operation %s cannot be read (%s): it is not run",
                        op.operationId(), e.getMessage());
                operations.drop(
                        op.operationId(), "not run: its stored request cannot be read (" + e.getMessage() + ")");
                continue;
            }
            accept(event);
        }
    }

    private static Operation.Request stored(SuiteEvent event) {
        try {
            return new Operation.Request(
                    EventTypes.typeOf(event), EventJson.mapper().readTree(CODEC.encode(event)));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot keep request " + Request.of(event).id() + ": " + e.getMessage(), e);
        }
    }

    private void queue(Request request, SuiteEvent event) {
        worker(event.repository()).execute(() -> admitAndRun(request, event));
    }

    /** The single thread that runs the requests of {@code repository}, in order. */
    private ExecutorService worker(String repository) {
        return workers.computeIfAbsent(
                repository,
                r -> Executors.newSingleThreadExecutor(t -> {
                    Thread th = new Thread(t, "repository-" + r);
                    th.setDaemon(true);
                    return th;
                }));
    }

    /** On the repository's worker: decides whether the accepted request still runs now that its turn came, and runs it. */
    private void admitAndRun(Request request, SuiteEvent event) {
        String requestId = request.id();
        try {
            Admission admission =
                    operations.admit(requestId, request.kind(), request.backupId(), request.requestedAt());
            if (admission.verdict() == Admission.Verdict.TOO_OLD) {
                LOG.warnf(
                        "%s request %s (backup %s, by %s) is not run: %s",
                        request.kind(), requestId, request.backupId(), request.requestedBy(), admission.reason());
                return;
            }
            if (!settings.repositoryName().equals(event.repository())) {
                LOG.warnf(
                        "request %s names repository '%s', which this manager does not serve ('%s')",
                        requestId, event.repository(), settings.repositoryName());
            }
            run(event);
        } catch (RuntimeException e) {
            LOG.errorf(e, "request %s failed unexpectedly", requestId);
            operations.update(requestId, "failed", null, Map.of("error", String.valueOf(e.getMessage())));
        } finally {
            operations.done(requestId);
        }
    }

    private void run(SuiteEvent event) {
        String requestId = Request.of(event).id();
        operations.update(requestId, Operation.RUNNING, null, null);
        Repository repo;
        try {
            repo = repositories.get();
        } catch (Exception e) {
            fail(event, "repository " + repositories.describe() + " cannot be opened: " + e.getMessage());
            return;
        }
        if (event instanceof BackupRequested b) {
            backup(repo, b);
        } else if (event instanceof RestoreRequested r) {
            restore(repo, r);
        } else if (event instanceof VerifyRequested v) {
            VerifyCompleted done;
            try (RestoreSources.Source source = sources.open(repo, v.source())) {
                done = new VerifyExecutor(clock).run(source.repository(), v);
            } catch (Exception e) {
                fail(
                        event,
                        "verify of backup " + v.backupId() + " in " + v.source() + " cannot run: " + e.getMessage());
                return;
            }
            finish(requestId, done.status(), done);
            audit.record(v.requestedBy(), "verify_backup", v.backupId(), status(done.status()));
        } else if (event instanceof RetentionRequested r) {
            RetentionCompleted done =
                    new RetentionExecutor(clock, settings.environment(), repositories.remotes()).run(repo, r);
            finish(requestId, done.status(), done);
            audit.record(
                    r.requestedBy(), r.dryRun() ? "retention_dry_run" : "apply_retention", null, status(done.status()));
        }
    }

    private void backup(Repository repo, BackupRequested req) {
        BackupCatalog catalog = new BackupCatalog(repositories.describe());
        try {
            Optional<com.textloom.backup.manager.catalog.BackupSummary> done =
                    catalog.findRequest(repo, req.requestId());
            if (done.isPresent()) {
                LOG.infof(
                        "backup request %s is already in the repository as backup %s: acknowledged, not run again",
                        req.requestId(), done.get().backupId());
                operations.update(req.requestId(), Operation.DUPLICATE, null, done.get());
                return;
            }
        } catch (Exception e) {
            LOG.warnf("cannot list snapshots to check request %s: %s", req.requestId(), e.getMessage());
        }
        String backupId = uniqueBackupId(repo, catalog, req);
        BackupCompleted done = runBackup(repo, req, backupId, Set.of());
        if (done.snapshotId() != null && !repositories.remotes().isEmpty()) {
            List<RemoteCopy> copies = RemoteSync.copyToAll(repo, repositories.remotes(), settings.environment());
            done = new BackupCompleted(
                    done.requestId(),
                    done.backupId(),
                    done.repository(),
                    done.type(),
                    done.status(),
                    done.snapshotId(),
                    done.requestedBy(),
                    done.startedAt(),
                    done.completedAt(),
                    done.durationMs(),
                    done.components(),
                    copies,
                    done.error());
        }
        finish(req.requestId(), done.status(), done);
        audit.record(req.requestedBy(), "create_backup", backupId, status(done.status()));
    }

    /** Runs a backup, publishing its started / progress events; used for requests and safety backups. */
    BackupCompleted runBackup(Repository repo, BackupRequested req, String backupId, Set<String> extraTags) {
        return new BackupExecutor(clock, instance, role::confirmLeadership)
                .run(
                        repo,
                        req,
                        backupId,
                        names -> Sources.forComponents(names, settings),
                        extraTags,
                        new BackupExecutor.Listener() {
                            @Override
                            public void started(BackupStarted e) {
                                events.publish(e);
                            }

                            @Override
                            public void progress(BackupProgress e) {
                                Map<String, Object> p = new LinkedHashMap<>();
                                p.put("component", e.component());
                                p.put("components_done", e.componentsDone());
                                p.put("components_total", e.componentsTotal());
                                p.put("bytes_read", e.bytesRead());
                                p.put("files", e.files());
                                operations.update(req.requestId(), Operation.RUNNING, p, null);
                                events.publish(e);
                            }
                        });
    }

    private String uniqueBackupId(Repository repo, BackupCatalog catalog, BackupRequested req) {
        String id = BackupIds.isValid(req.backupId())
                ? req.backupId()
                : BackupIds.of(req.slot() != null ? req.slot() : req.requestedAt());
        try {
            Instant t = java.time.LocalDateTime.parse(
                            id, java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
                    .toInstant(java.time.ZoneOffset.UTC);
            while (catalog.find(repo, id).isPresent()) {
                t = t.plusSeconds(1);
                id = BackupIds.of(t);
            }
        } catch (Exception e) {
            LOG.debugf("cannot check backup id %s: %s", id, e.getMessage());
        }
        return id;
    }

    private void restore(Repository repo, RestoreRequested req) {
        BackupCatalog catalog = new BackupCatalog(repositories.describe());
        Instant started = clock.instant();
        RestoreCompleted done;
        try (RestoreSources.Source source = sources.open(repo, req.source())) {
            Repository from = source.repository();
            Optional<SnapshotInfo> snapshot = catalog.find(from, req.backupId());
            if (snapshot.isEmpty()) {
                done = failedRestore(req, started, "backup " + req.backupId() + " not found in " + source.shown());
            } else {
                RestorePlan plan = RestorePlan.of(req, snapshot.get(), req.backupId(), settings);
                List<String> inPlace = RestoreExecutor.inPlaceComponents(plan);
                String safetyError = null;
                if (!req.dryRun() && !inPlace.isEmpty()) {
                    BackupRequested safety = new BackupRequested(
                            req.requestId() + "-safety",
                            req.repository(),
                            BackupType.FULL,
                            inPlace,
                            req.requestedBy(),
                            clock.instant(),
                            null,
                            null,
                            null);
                    BackupCompleted s = runBackup(repo, safety, newBackupId(), Set.of(SAFETY_TAG));
                    outbox.publish(s);
                    audit.record(req.requestedBy(), "create_backup", s.backupId(), status(s.status()));
                    if (s.status() != Outcome.SUCCESS) {
                        safetyError = "the safety backup before the in-place restore did not succeed ("
                                + status(s.status()) + ": " + s.error() + "); nothing was restored";
                    }
                }
                done = safetyError != null
                        ? failedRestore(req, started, safetyError)
                        : new RestoreExecutor(clock, settings.parallelJobs(), settings.toolLimits())
                                .run(from, snapshot.get(), req, plan)
                                .readFrom(source.shown());
            }
        } catch (Exception e) {
            done = failedRestore(req, started, e.getMessage());
        }
        finish(req.requestId(), done.status(), done);
        audit.record(
                req.requestedBy(),
                req.dryRun() ? "restore_dry_run" : "restore_backup",
                req.backupId(),
                status(done.status()));
    }

    private RestoreCompleted failedRestore(RestoreRequested req, Instant started, String error) {
        Instant end = clock.instant();
        return new RestoreCompleted(
                req.requestId(),
                req.repository(),
                req.backupId(),
                Outcome.FAILED,
                req.dryRun(),
                started,
                end,
                java.time.Duration.between(started, end).toMillis(),
                List.of(),
                req.correlationId(),
                error);
    }

    /**
     * Runs {@code work} on the worker of the manager's repository, after the requests queued before it and before
     * those that come after (one writer per repository): a storage switch never happens under a running backup.
     */
    public <T> CompletableFuture<T> onRepositoryWorker(java.util.function.Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, worker(settings.repositoryName()));
    }

    /** Deletes a backup's snapshot, on the repository's worker; data goes at the next prune. */
    public CompletionStage<Boolean> delete(String backupId, String user) {
        ExecutorService worker = worker(settings.repositoryName());
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        Repository repo = repositories.get();
                        Optional<SnapshotInfo> s = new BackupCatalog(repositories.describe()).find(repo, backupId);
                        if (s.isEmpty()) {
                            return false;
                        }
                        repo.deleteSnapshot(s.get().id());
                        audit.record(user, "delete_backup", backupId, "success");
                        return true;
                    } catch (Exception e) {
                        audit.record(user, "delete_backup", backupId, "failed");
                        throw new IllegalStateException(
                                "deleting backup " + backupId + " failed: " + e.getMessage(), e);
                    }
                },
                worker);
    }

    private void fail(SuiteEvent event, String error) {
        Instant now = clock.instant();
        SuiteEvent done;
        if (event instanceof BackupRequested b) {
            String id = BackupIds.isValid(b.backupId()) ? b.backupId() : BackupIds.of(b.requestedAt());
            done = new BackupCompleted(
                    b.requestId(),
                    id,
                    b.repository(),
                    b.type(),
                    Outcome.FAILED,
                    null,
                    b.requestedBy(),
                    now,
                    now,
                    0,
                    List.of(),
                    List.of(),
                    error);
            audit.record(b.requestedBy(), "create_backup", id, "failed");
        } else if (event instanceof RestoreRequested r) {
            done = failedRestore(r, now, error);
        } else if (event instanceof VerifyRequested v) {
            done = new VerifyCompleted(
                    v.requestId(),
                    v.repository(),
                    v.backupId(),
                    Outcome.FAILED,
                    v.readData(),
                    0,
                    0,
                    List.of(),
                    List.of(),
                    now,
                    now,
                    0,
                    v.correlationId(),
                    error);
        } else {
            RetentionRequested r = (RetentionRequested) event;
            done = new RetentionCompleted(
                    r.requestId(),
                    r.repository(),
                    Outcome.FAILED,
                    r.dryRun(),
                    null,
                    List.of(),
                    List.of(),
                    0,
                    0,
                    List.of(),
                    now,
                    now,
                    0,
                    error);
        }
        LOG.error(error);
        finish(Request.of(event).id(), Outcome.FAILED, done);
    }

    /**
     * Ends a request: its completion event goes to the outbox (on disk before anything else, so it reaches the broker
     * even if the broker is down now or this process stops next), then the operation records the outcome, then the
     * event may be sent.
     */
    private void finish(String requestId, Outcome status, SuiteEvent done) {
        outbox.publish(done, () -> operations.update(requestId, status(status), null, done));
        if (status != Outcome.SUCCESS) {
            LOG.errorf("%s %s ended %s", kind(done), requestId, status(status));
        } else {
            LOG.infof("%s %s ended success", kind(done), requestId);
        }
    }

    private static String kind(SuiteEvent e) {
        String n = e.getClass().getSimpleName().replaceAll("(Requested|Completed)$", "");
        return n.toLowerCase(Locale.ROOT);
    }

    private static String status(Outcome o) {
        return o.name().toLowerCase(Locale.ROOT);
    }

    @PreDestroy
    void stop() {
        workers.values().forEach(ExecutorService::shutdownNow);
    }
}
