package com.textloom.backup.manager.requests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.textloom.backup.events.EventCodec;
import com.textloom.backup.events.EventJson;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.UnreadableEventException;
import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.ha.ManagerActivated;
import com.textloom.backup.manager.operation.Admission;
import com.textloom.backup.manager.operation.Operation;
import com.textloom.backup.manager.operation.Operations;
import com.textloom.backup.manager.outbox.OutboxSender;
import com.textloom.backup.manager.restore.RestorePlan;
import com.textloom.backup.manager.service.RepositoryHolder;
import com.textloom.backup.repository.Repository;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Takes the requests the manager receives, whatever their origin (Kafka, REST through Kafka), and runs each on its
 * repository's worker ({@link RepositoryWorkers}) with the handler of its type ({@link BackupHandler},
 * {@link RestoreHandler}, {@link VerifyHandler}, {@link RetentionHandler}).
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
 * verify / restore / retention, one audit line.
 */
@ApplicationScoped
public class RequestIntake {
    private static final Logger LOG = Logger.getLogger(RequestIntake.class);
    private static final EventCodec CODEC = new EventCodec();

    @Inject
    ManagerSettings settings;

    @Inject
    RepositoryHolder repositories;

    @Inject
    Operations operations;

    @Inject
    RepositoryWorkers workers;

    @Inject
    Completions completions;

    @Inject
    BackupHandler backups;

    @Inject
    RestoreHandler restores;

    @Inject
    VerifyHandler verifies;

    @Inject
    RetentionHandler retentions;

    private final Clock clock = Clock.systemUTC();
    /** The handlers, one per request type (package-private: {@code RequestIntakeTest} gives its own). */
    List<RequestHandler<?>> handlers;

    @PostConstruct
    void handlers() {
        handlers = List.of(backups, restores, verifies, retentions);
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
            // on the worker of the repository it writes to, the manager's one, whatever repository it names: two
            // requests naming different repositories must not write to it at the same time
            case RUN -> workers.runOnManagersRepository(() -> admitAndRun(request, event));
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
        workers.onManagersRepository(() -> {
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

    /**
     * On the repository's worker: decides whether the accepted request still runs now that its turn came, and runs it.
     * Whatever its handler throws, an Error included, ends the operation {@code failed} with the error, and the worker
     * goes on with the next request.
     */
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
            run(handlerOf(event), event);
        } catch (Throwable e) {
            // an Error as much as a RuntimeException: the operation must not stay running forever, and the worker
            // thread must live on for the repository's next request; a VirtualMachineError (out of memory ...)
            // is recorded, then rethrown
            LOG.errorf(e, "request %s failed unexpectedly", requestId);
            failUnexpectedly(event, requestId, e);
            if (e instanceof VirtualMachineError vm) {
                throw vm;
            }
        } finally {
            operations.done(requestId);
        }
    }

    private <R extends SuiteEvent> void run(RequestHandler<R> handler, SuiteEvent event) {
        R request = handler.requestType().cast(event);
        String requestId = Request.of(event).id();
        operations.update(requestId, Operation.RUNNING, null, null);
        Repository repo;
        try {
            repo = repositories.get();
        } catch (Exception e) {
            fail(handler, request, "repository " + repositories.describe() + " cannot be opened: " + e.getMessage());
            return;
        }
        try {
            handler.run(repo, request);
        } catch (CannotRun e) {
            fail(handler, request, e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private <R extends SuiteEvent> RequestHandler<R> handlerOf(SuiteEvent event) {
        return (RequestHandler<R>) handlers.stream()
                .filter(h -> h.requestType().isInstance(event))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "the manager does not handle " + event.getClass().getSimpleName()));
    }

    /**
     * Ends a request whose handling threw {@code e} before it ended: with its handler's failed completion (so the
     * scheduler, the monitor and whoever asked learn of it, as of any failure), or, where none can be made, with the
     * operation alone recorded failed. A request its handler had already ended keeps its outcome.
     */
    private void failUnexpectedly(SuiteEvent event, String requestId, Throwable e) {
        String error = "failed unexpectedly: " + e;
        boolean ended = operations
                .get(requestId)
                .map(op -> !op.status().equals(Operation.QUEUED) && !op.status().equals(Operation.RUNNING))
                .orElse(false);
        if (ended) {
            return;
        }
        try {
            failWith(handlerOf(event), event, error);
        } catch (Throwable t) {
            e.addSuppressed(t);
            operations.update(requestId, Operation.FAILED, null, Map.of("error", String.valueOf(e)));
        }
    }

    private <R extends SuiteEvent> void failWith(RequestHandler<R> handler, SuiteEvent event, String error) {
        fail(handler, handler.requestType().cast(event), error);
    }

    /** Ends {@code request}, which could not start, with its handler's failed completion and {@code error}. */
    private <R extends SuiteEvent> void fail(RequestHandler<R> handler, R request, String error) {
        SuiteEvent done = handler.failed(request, clock.instant(), error);
        LOG.error(error);
        completions.finish(Request.of(request).id(), Outcome.FAILED, done);
    }
}
