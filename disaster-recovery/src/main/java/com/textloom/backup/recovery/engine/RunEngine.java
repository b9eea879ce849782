package com.textloom.backup.recovery.engine;

import com.textloom.backup.events.DrillCompleted;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RecoveryCompleted;
import com.textloom.backup.events.RecoveryStarted;
import com.textloom.backup.events.RecoveryStep;
import com.textloom.backup.events.RunCompletionBuilder;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.recovery.config.RecoverConfig;
import com.textloom.backup.recovery.objective.ObjectiveTargets;
import com.textloom.backup.recovery.run.ProofItem;
import com.textloom.backup.recovery.run.RunReport;
import com.textloom.backup.recovery.run.RunStore;
import com.textloom.backup.recovery.run.StepRecord;
import com.textloom.backup.support.audit.AuditLog;
import com.textloom.backup.support.messaging.EventMessages;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Runs recoveries and drills: a {@link Plan}'s steps in order, each one's outcome recorded, the whole kept in the
 * {@link RunStore} at every change (so {@code GET /api/recoveries/{id}} shows it live and a restart keeps it),
 * published (RecoveryStarted / RecoveryCompleted, DrillCompleted on {@code textloom.recovery.events}) and audited.
 *
 * <p>Guarantees:
 * <ul>
 *   <li><b>One at a time</b>: while a recovery or drill is planned or running, {@link #start} refuses another
 *       with {@link BusyException} naming it (the API's 409).</li>
 *   <li><b>Stops at the first failure</b>: the steps after a failed one are recorded {@code skipped} with the
 *       reason; a {@code manual} step (a hook that is not configured) does not stop the run and is listed among
 *       the issues.</li>
 *   <li><b>A dry run changes nothing</b>: steps that change data are not run (reported {@code skipped: would ...}),
 *       or run their read-only stand-in (the manager's dry-run restore).</li>
 *   <li>The measured RTO is the time from the first step to the end of the last step that is part of the
 *       recovery (a drill's cleanup is not).</li>
 * </ul>
 */
@Startup
@ApplicationScoped
public class RunEngine {
    private static final Logger LOG = Logger.getLogger(RunEngine.class);
    /** Outgoing: RecoveryStarted, RecoveryCompleted, DrillCompleted. */
    public static final String RECOVERY_EVENTS = "recovery-events";

    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    RecoverConfig config;

    @Inject
    AuditLog audit;

    @Inject
    @Channel(RECOVERY_EVENTS)
    Emitter<SuiteEvent> events;

    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<String> busy = new AtomicReference<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "recovery-runner");
        t.setDaemon(true);
        return t;
    });
    private RunStore store;
    private ObjectiveTargets targets;

    @PostConstruct
    void open() {
        targets = new ObjectiveTargets(config.rto().orElse(null), config.rpo().orElse(null));
        try {
            store = RunStore.open(config.stateDir(), clock);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "BACKUP_DR_STATE_DIR=" + config.stateDir() + " cannot be used: " + e.getMessage(), e);
        }
        LOG.infof(
                "recoveries and drills kept in %s (%d recoveries, %d drills)",
                store.directory(), store.list(false).size(), store.list(true).size());
    }

    public RunStore store() {
        return store;
    }

    public ObjectiveTargets targets() {
        return targets;
    }

    /** A new id for a run begun now: {@code rec_20261203_120812_1a2b3c} / {@code drill_...}. */
    public String newId(boolean drill) {
        byte[] b = new byte[3];
        RANDOM.nextBytes(b);
        return (drill ? "drill_" : "rec_") + ID_TIME.format(clock.instant()) + "_"
                + HexFormat.of().formatHex(b);
    }

    /** The id of the recovery or drill running now, if any. */
    public Optional<String> running() {
        return Optional.ofNullable(busy.get());
    }

    /**
     * Claims the engine for a new run with {@code id}; {@link #start} must follow (or {@link #release} when the
     * plan cannot be built).
     *
     * @throws BusyException naming the run that holds it
     */
    public void claim(String id) {
        if (!busy.compareAndSet(null, id)) {
            String other = busy.get();
            throw new BusyException(
                    other,
                    "recovery or drill " + other + " is running; one at a time: wait for it ("
                            + (other != null && other.startsWith("drill_")
                                    ? "GET /api/drills/"
                                    : "GET /api/recoveries/")
                            + other + ")");
        }
    }

    /** Gives a claim back without a run (its plan was refused). */
    public void release(String id) {
        busy.compareAndSet(id, null);
    }

    /** Starts the claimed run {@code id} of {@code plan}; returns its first report ({@code planned}). */
    public RunReport start(String id, RunRequest request, Plan plan) {
        Run run = new Run(id, request, plan, clock.instant());
        RunReport first = run.snapshot();
        store.put(first);
        try {
            worker.submit(() -> execute(run));
        } catch (RuntimeException e) {
            release(id);
            throw e;
        }
        return first;
    }

    private void execute(Run run) {
        try {
            run.begin(clock.instant());
            store.put(run.snapshot());
            LOG.infof(
                    "%s %s of %s began%s (backup %s)",
                    run.kind(),
                    run.id,
                    run.request.scenario().id(),
                    run.request.dryRun() ? " as a dry run" : "",
                    run.plan.summary().backupId());
            if (!run.request.drill()) {
                publish(
                        new RecoveryStarted(
                                run.id,
                                config.repository(),
                                run.request.scenario().id(),
                                run.request.dryRun(),
                                run.plan.summary().backupId(),
                                run.request.scenario().components(),
                                run.request.requestedBy(),
                                run.startedAt,
                                run.rtoTarget.toSeconds(),
                                run.rpoTarget.toSeconds()),
                        run.id);
            }
            String failedStep = null;
            for (int i = 0; i < run.plan.steps().size(); i++) {
                PlannedStep step = run.plan.steps().get(i);
                if (failedStep != null) {
                    run.set(
                            i,
                            new StepRecord(
                                    step.name(),
                                    StepRecord.SKIPPED,
                                    null,
                                    0,
                                    "not run: step " + failedStep + " failed",
                                    null));
                    continue;
                }
                PlannedStep.Action action = step.action();
                if (run.request.dryRun() && (step.changesData() || step.dryRunAction() != null)) {
                    action = step.dryRunAction();
                    if (action == null) {
                        run.set(
                                i,
                                new StepRecord(
                                        step.name(),
                                        StepRecord.SKIPPED,
                                        null,
                                        0,
                                        "dry run: would " + step.description(),
                                        null));
                        store.put(run.snapshot());
                        continue;
                    }
                }
                Instant t0 = clock.instant();
                run.set(i, new StepRecord(step.name(), StepRecord.RUNNING, t0, 0, step.description(), null));
                store.put(run.snapshot());
                StepOutcome outcome;
                try {
                    outcome = action.run(run.context);
                } catch (Exception e) {
                    LOG.errorf(e, "%s %s: step %s failed", run.kind(), run.id, step.name());
                    outcome = StepOutcome.failed(step.description() + " failed: " + e.getMessage());
                }
                Instant t1 = clock.instant();
                String detail = run.request.dryRun() && step.dryRunAction() != null
                        ? "dry run: " + outcome.detail()
                        : outcome.detail();
                run.set(
                        i,
                        new StepRecord(
                                step.name(),
                                outcome.status(),
                                t0,
                                Duration.between(t0, t1).toMillis(),
                                detail,
                                outcome.output()));
                if (step.inRto()) {
                    run.rtoEnd = t1;
                }
                if (StepRecord.MANUAL.equals(outcome.status())) {
                    run.context.issue("manual step " + step.name() + ": " + outcome.detail());
                }
                if (StepRecord.FAILED.equals(outcome.status())) {
                    failedStep = step.name();
                    run.error = "step " + step.name() + " failed: " + outcome.detail();
                    run.context.issue(run.error);
                }
                LOG.infof(
                        "%s %s: step %s %s (%d ms): %s",
                        run.kind(),
                        run.id,
                        step.name(),
                        outcome.status(),
                        Duration.between(t0, t1).toMillis(),
                        detail);
                store.put(run.snapshot());
            }
            run.finish(clock.instant(), failedStep == null);
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "%s %s failed unexpectedly", run.kind(), run.id);
            run.error = "unexpected: " + e;
            run.finish(clock.instant(), false);
        } finally {
            RunReport last = run.snapshot();
            store.put(last);
            release(run.id);
            String action =
                    (last.isDrill() ? "drill_" : "recover_") + last.scenario() + (last.dryRun() ? "_dry_run" : "");
            audit.record(last.requestedBy(), action, last.backupId(), last.status());
            LOG.infof(
                    "%s %s of %s ended %s in %d ms%s",
                    run.kind(),
                    run.id,
                    last.scenario(),
                    last.status(),
                    last.durationMs(),
                    last.error() == null ? "" : ": " + last.error());
            publishCompletion(run.request, last);
        }
    }

    /** RecoveryCompleted or DrillCompleted of {@code r}; a drill's names who asked, as {@code request} did. */
    private void publishCompletion(RunRequest request, RunReport r) {
        Instant started = r.startedAt() == null ? r.createdAt() : r.startedAt();
        if (r.isDrill()) {
            publish(
                    completion(DrillCompleted.of(r.drillId(), config.repository(), r.scenario()), r, started)
                            .rpo(r.rpoTargetSeconds(), r.achievableRpoSeconds(), Boolean.TRUE.equals(r.rpoMet()))
                            .verified(r.verified())
                            .findings(r.issues(), r.recommendations())
                            .requested(r.requestedBy(), request.schedule(), request.slot())
                            .build(),
                    r.drillId());
        } else {
            publish(
                    completion(RecoveryCompleted.of(r.recoveryId(), config.repository(), r.scenario()), r, started)
                            .rpo(r.rpoTargetSeconds(), r.rpoSeconds(), Boolean.TRUE.equals(r.rpoMet()))
                            .dryRun(r.dryRun())
                            .build(),
                    r.recoveryId());
        }
    }

    /** {@code b} with what a drill's and a recovery's completions both take from {@code r}. */
    private static <B extends RunCompletionBuilder<B>> B completion(B b, RunReport r, Instant started) {
        return b.status(RunReport.SUCCESS.equals(r.status()) ? Outcome.SUCCESS : Outcome.FAILED)
                .backupId(r.backupId())
                .ran(started, r.completedAt(), r.durationMs() == null ? 0 : r.durationMs())
                .rto(r.rtoTargetSeconds(), Boolean.TRUE.equals(r.rtoMet()))
                .steps(r.steps().stream().map(RunEngine::eventStep).toList())
                .error(r.error());
    }

    /** A step as the events carry it: their status is an Outcome, so skipped and manual steps say so in the detail. */
    private static RecoveryStep eventStep(StepRecord s) {
        Outcome o = switch (s.status()) {
            case StepRecord.SUCCESS -> Outcome.SUCCESS;
            case StepRecord.FAILED -> Outcome.FAILED;
            default -> Outcome.PARTIAL;
        };
        String detail = o == Outcome.PARTIAL ? "[" + s.status() + "] " + s.detail() : s.detail();
        return new RecoveryStep(s.name(), o, s.durationMs(), detail);
    }

    private void publish(SuiteEvent event, String id) {
        try {
            EventMessages.sendAndAwait(
                    events,
                    EventMessages.of(event),
                    Duration.ofSeconds(15),
                    event.getClass().getSimpleName() + " of " + id);
        } catch (RuntimeException e) {
            LOG.errorf("%s of %s was not published: %s", event.getClass().getSimpleName(), id, e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    /** Another recovery or drill holds the engine. */
    public static final class BusyException extends RuntimeException {
        private final String runningId;

        public BusyException(String runningId, String message) {
            super(message);
            this.runningId = runningId;
        }

        public String runningId() {
            return runningId;
        }
    }

    /** One run's mutable state, on the runner thread (snapshots are immutable reports). */
    private final class Run {
        final String id;
        final RunRequest request;
        final Plan plan;
        final Instant createdAt;
        final Duration rtoTarget;
        final Duration rpoTarget;
        final List<StepRecord> steps = new ArrayList<>();
        RunContext context;
        Instant startedAt;
        Instant completedAt;
        Instant rtoEnd;
        String status = RunReport.PLANNED;
        String error;
        Long achievableRpoSeconds;

        Run(String id, RunRequest request, Plan plan, Instant createdAt) {
            this.id = id;
            this.request = request;
            this.plan = plan;
            this.createdAt = createdAt;
            this.rtoTarget = targets.rto(request.scenario());
            this.rpoTarget = targets.rpo(request.scenario());
            for (PlannedStep s : plan.steps()) {
                steps.add(StepRecord.pending(s.name(), s.description()));
            }
        }

        String kind() {
            return request.drill() ? "drill" : "recovery";
        }

        void begin(Instant now) {
            startedAt = now;
            status = RunReport.RUNNING;
            context = new RunContext(id, request, plan.backup(), now);
        }

        void set(int i, StepRecord s) {
            steps.set(i, s);
        }

        void finish(Instant now, boolean ok) {
            completedAt = now;
            status = ok ? RunReport.SUCCESS : RunReport.FAILED;
            if (context != null && context.achievableRpo() != null) {
                achievableRpoSeconds = context.achievableRpo().toSeconds();
            }
        }

        Long measuredRtoMs() {
            return startedAt == null || rtoEnd == null || request.dryRun()
                    ? null
                    : Duration.between(startedAt, rtoEnd).toMillis();
        }

        RunReport snapshot() {
            boolean done = completedAt != null;
            Long rto = done ? measuredRtoMs() : null;
            Boolean rtoMet = null;
            if (done && !request.dryRun()) {
                rtoMet = RunReport.SUCCESS.equals(status) && rto != null && rto <= rtoTarget.toMillis();
            }
            Long rpo = plan.backup() == null || plan.backup().time() == null
                    ? null
                    : Math.max(
                            0,
                            Duration.between(plan.backup().time(), startedAt == null ? createdAt : startedAt)
                                    .toSeconds());
            Long judgedRpo = request.drill() ? achievableRpoSeconds : rpo;
            Boolean rpoMet = judgedRpo == null ? null : judgedRpo <= rpoTarget.toSeconds();
            List<ProofItem> proof = context == null ? List.of() : List.copyOf(context.proof());
            Boolean verified = proof.isEmpty() ? null : proof.stream().allMatch(ProofItem::equal);
            List<String> issues = context == null ? List.of() : new ArrayList<>(context.issues());
            List<String> recommendations = context == null ? List.of() : new ArrayList<>(context.recommendations());
            if (done && Boolean.FALSE.equals(rtoMet) && rto != null) {
                issues.add(String.format(
                                Locale.ROOT,
                                "RTO missed: %.1f s against a target of %d s",
                                rto / 1000.0,
                                rtoTarget.toSeconds())
                        + slowestStep()
                                .map(s -> "; the slowest step was " + s.name() + " (" + s.durationMs() + " ms)")
                                .orElse(""));
            }
            if (done && Boolean.FALSE.equals(rpoMet)) {
                issues.add("RPO not met: " + judgedRpo + " s of data could be lost against a target of "
                        + rpoTarget.toSeconds() + " s");
                recommendations.add(
                        "back up " + String.join(", ", request.scenario().components())
                                + " more often (the scheduler's BACKUP_SCHEDULE_*), so the newest good backup is never older than the RPO target");
            }
            return new RunReport(
                    request.drill() ? null : id,
                    request.drill() ? id : null,
                    request.scenario().id(),
                    request.dryRun(),
                    request.force(),
                    request.keep(),
                    status,
                    plan.summary().backupId(),
                    plan.summary().source(),
                    request.requestedBy(),
                    createdAt,
                    startedAt,
                    completedAt,
                    startedAt == null || completedAt == null
                            ? null
                            : Duration.between(startedAt, completedAt).toMillis(),
                    rtoTarget.toSeconds(),
                    rpoTarget.toSeconds(),
                    rto,
                    rtoMet,
                    rpo,
                    achievableRpoSeconds,
                    rpoMet,
                    request.drill() ? verified : (proof.isEmpty() ? null : verified),
                    error,
                    steps,
                    plan.summary(),
                    proof,
                    issues,
                    recommendations);
        }

        Optional<StepRecord> slowestStep() {
            return steps.stream().max(java.util.Comparator.comparingLong(StepRecord::durationMs));
        }
    }
}
