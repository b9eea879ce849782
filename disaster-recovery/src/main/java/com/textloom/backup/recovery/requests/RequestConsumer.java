package com.textloom.backup.recovery.requests;

import com.textloom.backup.config.VariableValues;
import com.textloom.backup.events.DrillRequested;
import com.textloom.backup.events.RecoveryRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.recovery.api.RunApi;
import com.textloom.backup.recovery.config.RecoverConfig;
import com.textloom.backup.recovery.engine.RunEngine;
import com.textloom.backup.recovery.engine.RunRequest;
import com.textloom.backup.recovery.plan.PlanRefusedException;
import com.textloom.backup.recovery.scenario.Scenario;
import com.textloom.backup.support.audit.AuditLog;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Runs the RecoveryRequested and DrillRequested of {@code textloom.recovery.requests} (the scheduler's drills, the
 * command line): each as the REST API would run it, with the request id as the recovery or drill id.
 *
 * <p>Guarantees: the replicas share one consumer group, so a request is taken by one of them; a request whose id
 * this replica already ran (a redelivery, two scheduler replicas firing one slot) is not run again; a request for
 * another repository, or older than {@code BACKUP_REQUEST_MAX_AGE} when it is taken (a replay), is not run; while
 * another recovery or drill runs, a request waits for it (one at a time, in the order they came). A request taken but
 * not yet started when the service stops is lost: the requester may send it again with the same id. Every request
 * not run is logged and audited with the reason.
 */
@ApplicationScoped
public class RequestConsumer {
    private static final Logger LOG = Logger.getLogger(RequestConsumer.class);
    /** Incoming: RecoveryRequested, DrillRequested. */
    public static final String REQUESTS = "recovery-requests";

    @Inject
    RunApi runs;

    @Inject
    RunEngine engine;

    @Inject
    RecoverConfig config;

    @Inject
    AuditLog audit;

    @ConfigProperty(name = "backup.request-max-age")
    String maxAge;

    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dr-requests");
        t.setDaemon(true);
        return t;
    });

    @Incoming(REQUESTS)
    public void onRequest(SuiteEvent event) {
        if (event instanceof RecoveryRequested r) {
            take(
                    r.requestId(),
                    r.repository(),
                    r.scenario(),
                    r.requestedBy(),
                    r.requestedAt(),
                    false,
                    scenario -> new RunRequest(
                            scenario, false, r.dryRun(), r.backupId(), r.source(), r.force(), false, r.requestedBy()));
        } else if (event instanceof DrillRequested d) {
            take(
                    d.requestId(),
                    d.repository(),
                    d.scenario(),
                    d.requestedBy(),
                    d.requestedAt(),
                    true,
                    scenario -> new RunRequest(
                            scenario,
                            true,
                            false,
                            d.backupId(),
                            null,
                            false,
                            d.keep(),
                            d.requestedBy(),
                            d.schedule(),
                            d.slot()));
        }
    }

    private void take(
            String id,
            String repository,
            String scenarioName,
            String by,
            Instant at,
            boolean drill,
            java.util.function.Function<Scenario, RunRequest> request) {
        String kind = drill ? "drill" : "recovery";
        String action = (drill ? "drill_" : "recover_") + scenarioName;
        if (!config.repository().equals(repository)) {
            LOG.debugf(
                    "%s request %s is for repository %s, not %s: not ours", kind, id, repository, config.repository());
            return;
        }
        Duration age = Duration.between(at, Instant.now());
        if (age.compareTo(VariableValues.duration("BACKUP_REQUEST_MAX_AGE", maxAge)) > 0) {
            refuse(
                    by,
                    action,
                    id,
                    "too_old",
                    kind + " request " + id + " is " + age.toMinutes() + " min old, over BACKUP_REQUEST_MAX_AGE="
                            + maxAge + ": not run");
            return;
        }
        Scenario scenario;
        try {
            scenario = Scenario.of(scenarioName);
        } catch (IllegalArgumentException e) {
            refuse(by, action, id, "unknown_scenario", kind + " request " + id + ": " + e.getMessage());
            return;
        }
        runner.execute(() -> run(id, request.apply(scenario), by, action, kind));
    }

    private void run(String id, RunRequest request, String by, String action, String kind) {
        if ((request.drill() ? engine.store().drill(id) : engine.store().recovery(id)).isPresent()) {
            LOG.infof("%s request %s was run already: not again", kind, id);
            return;
        }
        while (!Thread.currentThread().isInterrupted()) {
            try {
                runs.launch(id, request);
                LOG.infof(
                        "%s %s of %s started on request of %s",
                        kind, id, request.scenario().id(), by);
                return;
            } catch (RunEngine.BusyException e) {
                pause();
            } catch (PlanRefusedException e) {
                refuse(by, action, id, e.error(), kind + " request " + id + " refused: " + e.getMessage());
                return;
            } catch (RuntimeException e) {
                refuse(by, action, id, "failed", kind + " request " + id + " could not start: " + e);
                return;
            }
        }
    }

    private void refuse(String by, String action, String id, String why, String message) {
        LOG.warn(message);
        audit.record(by, action, id, "refused:" + why);
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }
}
