package com.textloom.backup.recovery.auto;

import com.textloom.backup.events.AlertRaised;
import com.textloom.backup.events.RecoveryDecided;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.recovery.api.RunApi;
import com.textloom.backup.recovery.assess.Assessment;
import com.textloom.backup.recovery.assess.Assessor;
import com.textloom.backup.recovery.config.RecoverConfig;
import com.textloom.backup.recovery.engine.RunEngine;
import com.textloom.backup.recovery.engine.RunRequest;
import com.textloom.backup.recovery.run.RunReport;
import com.textloom.backup.recovery.scenario.Scenario;
import com.textloom.backup.support.audit.AuditLog;
import com.textloom.backup.support.leader.LeaderElection;
import com.textloom.backup.support.messaging.EventMessages;
import com.textloom.backup.support.messaging.KafkaClientSecurity;
import io.quarkus.runtime.Startup;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Automatic recovery in the service: feeds every new periodic assessment (read once a second from
 * {@link Assessor#latestPeriodic()}: one made on request, {@code assess --fresh}, must not count toward the grace) and, for each {@code AlertRaised} of the monitor ({@code textloom.alerts}) that points
 * at a scenario ({@link AlertScenarios}), a fresh one to this replica's {@link AutoRecoveryNode}; the leader decides
 * ({@link AutoDecider}), starts recoveries through the engine (one at a time: its 409), and publishes every decision
 * as {@link RecoveryDecided} on {@code textloom.recovery.events} with an audit line
 * ({@code USER=disaster-recovery-auto ACTION=auto_recover_<scenario> BACKUP_ID=<recovery or decision id> STATUS=acted|waiting:grace|skipped:<reason>|recommended:not_opted_in}).
 *
 * <p>Every replica reads every alert (a group of its own, from the newest record: an alert raised while it was down
 * is covered by the periodic assessment); only the leader acts on it.
 */
@Startup
@ApplicationScoped
public class AutoRecovery {
    private static final Logger LOG = Logger.getLogger(AutoRecovery.class);
    /** Incoming: AlertRaised (and the monitor's other alert events, ignored). */
    public static final String ALERTS = "alerts";

    @Inject
    AutoConfig config;

    @Inject
    RecoverConfig recover;

    @Inject
    Assessor assessor;

    @Inject
    RunApi runs;

    @Inject
    RunEngine engine;

    @Inject
    AuditLog audit;

    @Inject
    @Channel(RunEngine.RECOVERY_EVENTS)
    Emitter<SuiteEvent> events;

    @Inject
    @io.smallrye.common.annotation.Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final Clock clock = Clock.systemUTC();
    private final String instance = instanceName();
    private AutoRecoveryNode node;
    private ScheduledExecutorService poller;

    /** The election's Kafka client settings: the broker and its security settings, as every channel has them. */
    private Map<String, Object> electionClient() {
        Map<String, Object> client = new java.util.HashMap<>(KafkaClientSecurity.of(kafkaConfig));
        client.put("bootstrap.servers", bootstrapServers);
        return client;
    }

    @PostConstruct
    void start() {
        AutoPolicy policy = AutoPolicy.of(
                config.scenarios().orElse(""),
                config.grace(),
                config.cooldown(),
                config.dailyMax(),
                recover.allowInPlace());
        node = new AutoRecoveryNode(
                        new LeaderElection(
                                electionClient(),
                                config.leaderTopic(),
                                config.leaderGroup(),
                                instance,
                                "automatic recovery leader",
                                true,
                                c -> {},
                                () -> {}),
                        new AutoDecider(policy, clock, recover.repository(), instance),
                        this::automatic,
                        this::startRecovery,
                        this::publish)
                .start();
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dr-auto-recovery");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::feedLatest, 1, 1, TimeUnit.SECONDS);
        LOG.infof(
                "automatic recovery: %s; grace %d assessments, cooldown %s, at most %d a day per scenario, in place %s;"
                        + " instance %s",
                policy.optedIn().isEmpty()
                        ? "no scenario opted in (recommendations only)"
                        : "opted in "
                                + policy.optedIn().stream().map(Scenario::id).toList(),
                policy.grace(),
                policy.cooldown(),
                policy.dailyMax(),
                policy.allowInPlace() ? "allowed" : "not allowed",
                instance);
    }

    @PreDestroy
    void stop() {
        if (poller != null) {
            poller.shutdownNow();
        }
        if (node != null) {
            node.close();
        }
    }

    /** Whether this replica leads the automatic recovery now. */
    public boolean leads() {
        return node.isLeader();
    }

    private void feedLatest() {
        try {
            Assessment periodic = assessor.latestPeriodic();
            if (node.isLeader() && periodic != null) {
                node.feed(periodic, "assessment", null);
            }
        } catch (RuntimeException e) {
            LOG.error("automatic recovery: the assessment could not be weighed; trying again", e);
        }
    }

    /** The monitor's alerts: one that points at a scenario makes the leader assess now. */
    @Incoming(ALERTS)
    @Blocking
    public void onAlert(SuiteEvent event) {
        if (!(event instanceof AlertRaised alert) || !node.isLeader()) {
            return;
        }
        Optional<Scenario> scenario = AlertScenarios.of(alert);
        if (scenario.isEmpty()) {
            return;
        }
        LOG.infof(
                "alert %s (%s, %s) points at %s: assessing now",
                alert.alertId(), alert.rule(), alert.severity(), scenario.get().id());
        Assessment fresh = assessor.assess();
        node.feed(fresh, "alert", alert.alertId());
        if (!fresh.failures().contains(scenario.get().id())) {
            node.publishIfLeading(node.decider().unconfirmed(scenario.get(), alert.alertId(), alert.rule()));
        }
    }

    private List<RunReport> automatic(Scenario s) {
        return engine
                .store()
                .select(r -> r.recoveryId() != null
                        && AutoDecider.USER.equals(r.requestedBy())
                        && s.id().equals(r.scenario()))
                .stream()
                .sorted(Comparator.comparing(RunReport::createdAt).reversed())
                .toList();
    }

    private String startRecovery(Scenario s) {
        String id = engine.newId(false);
        runs.launch(id, new RunRequest(s, false, false, null, null, false, false, AutoDecider.USER));
        return id;
    }

    private void publish(RecoveryDecided d) {
        String id = d.decisionId();
        audit.record(
                AutoDecider.USER,
                "auto_recover_" + d.scenario(),
                d.recoveryId() != null ? d.recoveryId() : id,
                auditStatus(d));
        EventMessages.sendAndAwait(
                events,
                EventMessages.of(d, id),
                Duration.ofSeconds(15),
                "RecoveryDecided " + d.decision() + " of " + d.scenario());
    }

    /** The audit line's STATUS of {@code d}: {@code acted}, {@code skipped:cooldown} ... */
    static String auditStatus(RecoveryDecided d) {
        return RecoveryDecided.ACTED.equals(d.decision()) ? d.decision() : d.decision() + ":" + d.reason();
    }

    private static String instanceName() {
        return LeaderElection.hostAndPid() + "-" + Instant.now().toEpochMilli() % 100000;
    }
}
