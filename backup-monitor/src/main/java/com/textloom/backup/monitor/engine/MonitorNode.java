package com.textloom.backup.monitor.engine;

import com.textloom.backup.monitor.config.MonitorSettings;
import com.textloom.backup.monitor.kafka.AlertPublisher;
import com.textloom.backup.monitor.kafka.EventLog;
import com.textloom.backup.monitor.kafka.KafkaSettings;
import com.textloom.backup.monitor.kafka.LeaderElection;
import com.textloom.backup.monitor.kafka.TopicSetup;
import com.textloom.backup.monitor.notify.Notification;
import com.textloom.backup.monitor.notify.Notifier;
import com.textloom.backup.monitor.probe.ProbeSnapshot;
import com.textloom.backup.monitor.probe.Prober;
import com.textloom.backup.monitor.rules.Rules;
import com.textloom.backup.monitor.state.Alert;
import com.textloom.backup.monitor.state.MonitorState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * One monitor instance: replays the topics into its state ({@link EventLog}), takes part in the leader
 * election ({@link LeaderElection}), probes disk, backends and services every interval (every recheck interval while
 * something is down), and, only while
 * it is the leader and has replayed everything the former leader wrote, evaluates the rules every
 * interval and after each new backup, verify, drill or recovery result ({@link AlertEngine}).
 *
 * <p>Plain Java, so the service wires one and tests can run several against one broker.
 */
public final class MonitorNode implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MonitorNode.class);
    private static final long TICK_MS = 250;

    private final MonitorSettings settings;
    private final KafkaSettings kafka;
    private final Clock clock;
    private final Instant startedAt;
    private final MonitorState state;
    private final Notifier notifier;
    private final Prober prober;
    private final AlertPublisher publisher;
    private final EventLog log;
    private final LeaderElection election;
    private final AlertEngine engine;
    private final ScheduledExecutorService ticker;
    private final AtomicBoolean inputChanged = new AtomicBoolean(true);
    private volatile ProbeSnapshot probes = ProbeSnapshot.none();
    private volatile Map<TopicPartition, Long> leaderTargets;
    private volatile boolean leaderReady;
    private volatile Instant lastEvaluation = Instant.EPOCH;
    private volatile Instant lastProbe = Instant.EPOCH;
    private volatile CompletableFuture<Void> probing = CompletableFuture.completedFuture(null);
    private final java.util.concurrent.atomic.AtomicLong rulePasses = new java.util.concurrent.atomic.AtomicLong();
    private volatile Instant lastRulePass = Instant.EPOCH;

    /**
     * @param onBackup told about every backup result replayed (metrics counters)
     * @param onRun    told about every drill and recovery result replayed (metrics counters)
     */
    public MonitorNode(
            MonitorSettings settings,
            KafkaSettings kafka,
            Notifier notifier,
            Clock clock,
            java.util.function.Consumer<com.textloom.backup.monitor.state.BackupResult> onBackup,
            java.util.function.Consumer<com.textloom.backup.monitor.state.RecoveryRun> onRun) {
        this.settings = settings;
        this.kafka = kafka;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.notifier = notifier;
        this.state = new MonitorState(settings.historyWindow(), settings.suspiciousDrop(), onBackup, onRun);
        this.prober = new Prober(settings, clock);
        this.publisher = new AlertPublisher(kafka, settings.node(), clock);
        this.log = new EventLog(kafka, settings.node(), state, changed -> {
            if (changed) {
                inputChanged.set(true);
            }
        });
        this.election = new LeaderElection(kafka, settings.node(), this::elected, this::deposed);
        this.engine = new AlertEngine(state, Rules.all(), settings, publisher, notifier, clock, startedAt);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "monitor-rules");
            t.setDaemon(true);
            return t;
        });
    }

    /** Prepares the topics, starts the replay, the election and the rule ticker. */
    public MonitorNode start() {
        TopicSetup.ensure(kafka);
        log.start();
        election.start();
        ticker.scheduleWithFixedDelay(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
        LOG.infof(
                "monitor %s started: interval %ds, re-notify every %ds, channels %s",
                settings.node(),
                settings.interval().toSeconds(),
                settings.renotifyInterval().toSeconds(),
                notifier.channelNames());
        return this;
    }

    private void elected(Map<TopicPartition, Long> targets) {
        leaderTargets = targets;
        leaderReady = false;
    }

    private void deposed() {
        leaderReady = false;
        leaderTargets = null;
    }

    private void tick() {
        try {
            Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            if (probing.isDone() && !now.isBefore(lastProbe.plus(probeDelay(probes)))) {
                lastProbe = now;
                probing = CompletableFuture.runAsync(() -> {
                    probes = prober.probe();
                    inputChanged.set(true);
                });
            }
            if (!election.isLeader() || !log.caughtUp() || probes.disk() == null) {
                return;
            }
            Map<TopicPartition, Long> targets = leaderTargets;
            if (!leaderReady) {
                if (targets == null || !log.reached(targets)) {
                    return;
                }
                leaderReady = true;
                inputChanged.set(true);
                LOG.infof("monitor %s leads: replayed the alerts up to %s", settings.node(), targets);
            }
            boolean due = !now.isBefore(lastEvaluation.plus(settings.interval()));
            if (inputChanged.getAndSet(false) || due) {
                lastEvaluation = now;
                engine.evaluate(probes);
            } else {
                engine.renotify();
            }
            lastRulePass = now;
            rulePasses.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.error("rule evaluation failed; retrying at the next tick", e);
        }
    }

    /**
     * How long after the last probe the next one runs: the interval, or the recheck interval while that probe found
     * something down, so a service, backend, protected part or repository that comes back is seen within the recheck
     * interval (plus disaster-recovery's own assessment interval for a protected part), not a whole interval later.
     */
    Duration probeDelay(ProbeSnapshot last) {
        return last.anyDown() ? settings.recheckInterval() : settings.interval();
    }

    /**
     * Acknowledges an alert: publishes AlertAcknowledged and applies it here at once.
     *
     * @throws NoSuchElementException when no alert has that id
     * @throws IllegalStateException  when the alert is already resolved
     */
    public Alert acknowledge(String alertId, String by, String comment) {
        Alert a = state.alert(alertId).orElseThrow(() -> new NoSuchElementException("no alert " + alertId));
        if (!a.active()) {
            throw new IllegalStateException("alert " + alertId + " is already resolved");
        }
        if (a.acknowledgedAt() != null) {
            return a;
        }
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        publisher.acknowledged(a, now, by, comment);
        state.acknowledged(alertId, now, by);
        return state.alert(alertId).orElseThrow();
    }

    /** Sends a test notification through every enabled channel; per channel "success" or the error. */
    public Map<String, String> sendTest(Duration timeout) throws Exception {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Alert test = Alert.raised(
                "test_" + now.toEpochMilli(),
                "test:" + settings.node(),
                "test",
                "info",
                settings.node(),
                "*",
                null,
                "Test notification from backup monitor " + settings.node() + ": if you read this, alerts reach you.",
                now);
        return notifier.send(new Notification("test", test, now)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public MonitorState state() {
        return state;
    }

    public ProbeSnapshot probes() {
        return probes;
    }

    public MonitorSettings settings() {
        return settings;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Whether the replay reached the end of the topics as they were at start. */
    public boolean caughtUp() {
        return log.caughtUp();
    }

    public boolean isLeader() {
        return election.isLeader();
    }

    /**
     * Rule passes this node ran as the leader that replayed everything (an evaluation, or the re-notification check
     * between two); 0 on a node that never led.
     */
    public long rulePasses() {
        return rulePasses.get();
    }

    /** When the last rule pass started (the clock's time it evaluated at); the epoch before the first. */
    public Instant lastRulePass() {
        return lastRulePass;
    }

    /** Notifications handed to the channels and not yet delivered or given up (see {@link Notifier#inFlight()}). */
    public int notificationsInFlight() {
        return notifier.inFlight();
    }

    /** Records skipped because they could not be read. */
    public long unreadableEvents() {
        return log.unreadable();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        election.close();
        log.close();
        publisher.close();
        notifier.close();
    }
}
