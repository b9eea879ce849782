package com.textloom.backup.manager.operation;

import com.textloom.backup.manager.config.ManagerSettings;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operations of this manager by operation id (= request id), kept in an {@link OperationStore}
 * under {@code BACKUP_STATE_DIR/operations}, opened when the service starts (a directory that cannot
 * be used stops the start, naming it). Also decides, atomically with recording it, whether a
 * delivered request runs ({@link #admit}).
 */
@ApplicationScoped
public class Operations {
    @Inject
    ManagerSettings settings;

    private final Clock clock = Clock.systemUTC();
    private final Set<String> inFlight = new HashSet<>();
    private OperationStore store;

    void start(@Observes StartupEvent event) {
        store();
    }

    private synchronized OperationStore store() {
        if (store == null) {
            try {
                store = OperationStore.open(settings.stateDir().resolve("operations"), settings.operationsKeep(),
                        settings.operationsMaxAge(), clock);
            } catch (IOException e) {
                throw new UncheckedIOException("the manager's state directory " + settings.stateDir()
                        + " (BACKUP_STATE_DIR) cannot be used: " + e.getMessage(), e);
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
     * Decides whether the request {@code id} runs (see {@link Admission}) and records the decision: a
     * request that runs is queued and counted in flight until {@link #done}; one too old is recorded
     * as {@value Operation#IGNORED} with the reason; a duplicate leaves the record as it is.
     */
    public synchronized Admission admit(String id, String kind, String backupId, Instant requestedAt) {
        Optional<Operation> recorded = store().get(id);
        Instant now = clock.instant();
        Admission a = Admission.decide(kind, recorded, inFlight.contains(id), requestedAt, now, settings.requestMaxAge());
        switch (a.verdict()) {
            case RUN -> {
                inFlight.add(id);
                if (recorded.isEmpty() || !Operation.QUEUED.equals(recorded.get().status())) {
                    store().put(new Operation(id, kind, backupId, Operation.QUEUED, null,
                            recorded.map(Operation::createdAt).orElse(now), now, Map.of(), null));
                }
            }
            case TOO_OLD -> store().put(recorded.orElseGet(() -> Operation.queued(id, kind, backupId, now))
                    .ended(Operation.IGNORED, "not run: " + a.reason(), now));
            default -> {
                // a duplicate: the record stays as it is
            }
        }
        return a;
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
