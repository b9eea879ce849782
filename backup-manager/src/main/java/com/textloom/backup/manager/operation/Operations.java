package com.textloom.backup.manager.operation;

import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.ha.ManagerActivated;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operations of this manager by operation id (= request id), kept in an {@link OperationStore}
 * under {@code BACKUP_STATE_DIR/operations}, opened when this manager becomes the active one
 * ({@link ManagerActivated}: at start-up, or when a standby is elected; a directory that cannot be used stops
 * that, naming it). Before that nothing reads or writes the directory (a standby shares it with the active manager):
 * every method throws {@link IllegalStateException}. Also decides, atomically with recording it, whether a
 * delivered request is accepted ({@link #accept}) and, when its turn comes, whether it still runs ({@link #admit}).
 */
@ApplicationScoped
public class Operations {
    @Inject
    ManagerSettings settings;

    private final Clock clock = Clock.systemUTC();
    private final Set<String> inFlight = new HashSet<>();
    private OperationStore store;
    private volatile boolean activated;

    /** First of the activation's observers: the others find the operations open. */
    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ManagerActivated event) {
        activated = true;
        store();
    }

    private synchronized OperationStore store() {
        if (!activated) {
            throw new IllegalStateException("this backup manager is a standby: its operations are the active"
                    + " manager's until it is elected");
        }
        if (store == null) {
            try {
                store = OperationStore.open(
                        settings.stateDir().resolve("operations"),
                        settings.operationsKeep(),
                        settings.operationsMaxAge(),
                        clock);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "the manager's state directory " + settings.stateDir() + " (BACKUP_STATE_DIR) cannot be used: "
                                + e.getMessage(),
                        e);
            }
        }
        return store;
    }

    /** Registers an operation as queued unless it is already known; returns the current one. */
    public synchronized Operation queue(String id, String kind, String backupId) {
        Optional<Operation> known = store().get(id);
        if (known.isPresent()) {
            return known.get();
        }
        Operation op = Operation.queued(id, kind, backupId, clock.instant());
        store().put(op);
        return op;
    }

    /**
     * Decides, when the request {@code id} is received, whether it is accepted to run (see {@link Admission}) and
     * records the decision durably, so that the caller may acknowledge the request to the broker as soon as this
     * returns: an accepted request is recorded as queued together with {@code request} (it runs after a restart if
     * this process stops first) and counted in flight until {@link #done}; one too old is recorded as
     * {@value Operation#IGNORED} with the reason; a duplicate leaves the record as it is.
     *
     * @throws UncheckedIOException when the acceptance cannot be written to disk: the request must not be
     *                              acknowledged as accepted (the caller dead-letters it with this reason)
     */
    public synchronized Admission accept(
            String id, String kind, String backupId, Instant requestedAt, Operation.Request request) {
        Optional<Operation> recorded = store().get(id);
        Instant now = clock.instant();
        Admission a =
                Admission.decide(kind, recorded, inFlight.contains(id), requestedAt, now, settings.requestMaxAge());
        switch (a.verdict()) {
            case RUN -> {
                try {
                    store().putDurably(recorded.orElseGet(() -> Operation.queued(id, kind, backupId, now))
                            .accepted(request, now));
                } catch (IOException e) {
                    throw new UncheckedIOException(
                            kind + " request " + id + " cannot be accepted: the manager's state"
                                    + " directory " + settings.stateDir() + " (BACKUP_STATE_DIR) cannot be written: "
                                    + e.getMessage(),
                            e);
                }
                inFlight.add(id);
            }
            case TOO_OLD -> ignore(id, kind, backupId, a, now);
            default -> {
                // a duplicate: the record stays as it is
            }
        }
        return a;
    }

    /**
     * Decides, when an accepted request's turn comes, whether it still runs: a restore, verify or retention request
     * that waited past the maximum age does not (recorded as {@value Operation#IGNORED}); the caller calls
     * {@link #done} either way.
     */
    public synchronized Admission admit(String id, String kind, String backupId, Instant requestedAt) {
        Instant now = clock.instant();
        Admission a = Admission.decide(kind, Optional.empty(), false, requestedAt, now, settings.requestMaxAge());
        if (a.verdict() == Admission.Verdict.TOO_OLD) {
            ignore(id, kind, backupId, a, now);
        }
        return a;
    }

    private void ignore(String id, String kind, String backupId, Admission a, Instant now) {
        store().put(store().get(id)
                .orElseGet(() -> Operation.queued(id, kind, backupId, now))
                .ended(Operation.IGNORED, "not run: " + a.reason(), now));
    }

    /**
     * The requests accepted and not finished when the last process stopped, oldest first: those still queued, and
     * the backups it interrupted (a backup is idempotent by request id, so it runs again; a restore, verify or
     * retention that was interrupted is not repeated behind the user's back).
     */
    public synchronized List<Operation> unfinished() {
        return store().all().stream()
                .filter(o -> o.request() != null && !inFlight.contains(o.operationId()))
                .filter(o -> Operation.QUEUED.equals(o.status())
                        || "backup".equals(o.kind()) && Operation.INTERRUPTED.equals(o.status()))
                .sorted(Comparator.comparing(Operation::createdAt))
                .toList();
    }

    /** Records that the stored request of operation {@code id} cannot be run, and why. */
    public synchronized void drop(String id, String reason) {
        store().get(id).ifPresent(o -> store().put(o.ended(Operation.IGNORED, reason, clock.instant())));
    }

    /**
     * Ends as {@value Operation#FAILED} the operation {@code id} queued over REST whose request record the manager
     * then refused (dead-lettered: bad or stale signature, the key rotated in between, an unreadable record), with
     * {@code reason} as its {@code error}, so that it does not stay queued forever. Only an operation still queued
     * and never received (no stored request) is touched: a refused copy of a request that was accepted, ran or ended
     * (a replayed or forged record carrying its id) leaves it as it is.
     *
     * @return whether an operation was ended
     */
    public synchronized boolean refused(String id, String reason) {
        Optional<Operation> queued = store().get(id)
                .filter(o -> Operation.QUEUED.equals(o.status()) && o.request() == null && !inFlight.contains(id));
        queued.ifPresent(o -> store().put(o.ended(
                Operation.FAILED,
                "the request was not run: its record was" + " dead-lettered: " + reason,
                clock.instant())));
        return queued.isPresent();
    }

    /** The request {@code id} has run (or failed): it is no longer in flight. */
    public synchronized void done(String id) {
        inFlight.remove(id);
    }

    /** Sets an operation's status, and its progress or result when not null. */
    public synchronized void update(String id, String status, Map<String, Object> progress, Object result) {
        store().get(id).ifPresent(o -> store().put(o.with(status, progress, result, clock.instant())));
    }

    public Optional<Operation> get(String id) {
        return store().get(id);
    }
}
