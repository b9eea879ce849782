package com.textloom.backup.monitor.metrics;

import com.textloom.backup.monitor.engine.MonitorNode;
import com.textloom.backup.monitor.probe.ProbeStatus;
import com.textloom.backup.monitor.rules.DrillOverdueRule;
import com.textloom.backup.monitor.rules.RuleContext;
import com.textloom.backup.monitor.state.Alert;
import com.textloom.backup.monitor.state.BackupResult;
import com.textloom.backup.monitor.state.RecoveryRun;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/**
 * The monitor's Prometheus metrics (in {@code /q/metrics}), read from the same {@link MetricsView} as
 * {@code /api/metrics}. Names follow Prometheus conventions: {@code textloom_backup_*}, seconds and bytes,
 * {@code _total} for counters.
 */
@ApplicationScoped
public class MonitorMetrics {

    private static final Duration CACHE = Duration.ofSeconds(1);

    @Inject
    MeterRegistry registry;

    private final Clock clock = Clock.systemUTC();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final List<Meter> gauges = new CopyOnWriteArrayList<>();
    private volatile MonitorNode node;
    private volatile MetricsView cached;

    /** The current figures (computed at most once a second). */
    public MetricsView view() {
        MetricsView v = cached;
        Instant now = clock.instant();
        if (v == null || v.at().plus(CACHE).isBefore(now)) {
            v = MetricsCalculator.compute(node.state(), node.probes(), node.settings(), now);
            cached = v;
            registerDynamic(v);
        }
        return v;
    }

    /** Registers the gauges over this node. */
    public void bind(MonitorNode n) {
        this.node = n;
        gauge(
                "textloom.backup.success.rate",
                "Successful / all backups of the last 24 hours",
                Tags.empty(),
                x -> view().backupSuccessRate());
        gauge(
                "textloom.backup.success.rate.7d",
                "Successful / all backups of the history window (avg_success_rate)",
                Tags.empty(),
                x -> view().avgSuccessRate());
        gauge(
                "textloom.backup.last.age.seconds",
                "Seconds since the newest successful backup",
                Tags.empty(),
                x -> view().lastBackupAgeHours() == null ? Double.NaN : view().lastBackupAgeHours() * 3600);
        gauge(
                "textloom.backup.average.age.seconds",
                "Time-average age of the newest successful backup over the " + "history window (avg_backup_age_hours)",
                Tags.empty(),
                x -> view().avgBackupAgeHours() == null ? Double.NaN : view().avgBackupAgeHours() * 3600);
        gauge(
                "textloom.backup.disk.used.percent",
                "Disk usage of the backup volume (BACKUP_LOCAL_DIR)",
                Tags.empty(),
                x -> view().diskSpaceUsedPercent() == null ? Double.NaN : view().diskSpaceUsedPercent());
        gauge(
                "textloom.backup.disk.used.bytes",
                "Bytes used on the backup volume",
                Tags.empty(),
                x -> node.probes().disk() == null
                        ? Double.NaN
                        : node.probes().disk().usedBytes());
        gauge(
                "textloom.backup.disk.total.bytes",
                "Size of the backup volume",
                Tags.empty(),
                x -> node.probes().disk() == null
                        ? Double.NaN
                        : node.probes().disk().totalBytes());
        gauge(
                "textloom.backup.dedup.ratio",
                "Bytes read / bytes new to the repository over the history window",
                Tags.empty(),
                x -> view().totals().dedupRatio() == null
                        ? Double.NaN
                        : view().totals().dedupRatio());
        gauge(
                "textloom.backup.monitor.leader",
                "1 when this monitor instance is the leader",
                Tags.empty(),
                x -> node.isLeader() ? 1 : 0);
        gauge(
                "textloom.backup.monitor.unreadable.events",
                "Records skipped because they could not be read",
                Tags.empty(),
                x -> node.unreadableEvents());
        gauge(
                "textloom.backup.failing",
                "Repository/component pairs whose latest backup failed (backup_failed)",
                Tags.empty(),
                x -> node.state().failing().size());
        gauge(
                "textloom.backup.suspicious",
                "Components whose latest successful backup is suspicious " + "(backup_suspicious)",
                Tags.empty(),
                x -> node.state().suspicious().size());
        gauge(
                "textloom.backup.verify.failed",
                "Repositories whose latest verify found damage or failed (verify_damage)",
                Tags.empty(),
                x -> node.state().latestVerifies().stream()
                        .filter(v -> !v.success())
                        .count());
        gauge(
                "textloom.backup.verify.damaged.blobs",
                "Damaged blobs found by the latest verify of each repository",
                Tags.empty(),
                x -> node.state().latestVerifies().stream()
                        .mapToInt(v -> v.damagedBlobs())
                        .sum());
        for (String severity : new String[] {"info", "warning", "critical"}) {
            gauge(
                    "textloom.backup.alerts.active",
                    "Active alerts by severity",
                    Tags.of("severity", severity),
                    x -> node.state().alerts().stream()
                            .filter(Alert::active)
                            .filter(a -> a.severity().equals(severity))
                            .count());
        }
        view();
    }

    private void registerDynamic(MetricsView v) {
        for (MetricsView.ComponentAge c : v.components()) {
            String key = c.component() + "/" + c.tier();
            Tags tags = Tags.of("component", c.component(), "tier", c.tier());
            if (registered.add("age/" + key)) {
                gauge(
                        "textloom.backup.age.seconds",
                        "Seconds since the newest successful backup of the component " + "(tier any: of any tier)",
                        tags,
                        x -> find(c.component(), c.tier(), true));
            }
            if (c.tier().equals("any") && registered.add("ts/" + c.component())) {
                gauge(
                        "textloom.backup.last.success.timestamp.seconds",
                        "Unix time of the newest successful " + "backup of the component",
                        Tags.of("component", c.component()),
                        x -> find(c.component(), "any", false));
            }
            if (c.tier().equals("any") && c.rpoHours() != null && registered.add("rpo/" + c.component())) {
                gauge(
                        "textloom.backup.rpo.seconds",
                        "RPO of the component",
                        Tags.of("component", c.component()),
                        x -> c.rpoHours() * 3600);
            }
        }
        for (String scenario : scenarios()) {
            if (registered.add("scenario/" + scenario)) {
                registerScenario(scenario);
            }
        }
        for (ProbeStatus p : node.probes().services()) {
            if (registered.add("svc/" + p.name())) {
                gauge(
                        "textloom.backup.service.up",
                        "1 when the service answers /q/health/ready with 200",
                        Tags.of("service", p.name()),
                        x -> up(node.probes().services(), p.name()));
            }
        }
        for (ProbeStatus p : node.probes().protectedParts()) {
            if (registered.add("protected/" + p.name())) {
                gauge(
                        "textloom.backup.protected.service.up",
                        "1 when the protected part is not critical in disaster-recovery's"
                                + " latest assessment (0: protected_service_failed)",
                        Tags.of("service", p.name()),
                        x -> up(node.probes().protectedParts(), p.name()));
            }
        }
        for (ProbeStatus p : node.probes().repositories()) {
            if (registered.add("repository/" + p.name())) {
                gauge(
                        "textloom.backup.repository.lost",
                        "1 while the repository the service backs up into is lost or" + " replaced (repository_lost)",
                        Tags.of("service", p.name()),
                        x -> node.probes().repositories().stream()
                                        .anyMatch(r -> r.name().equals(p.name()) && !r.up())
                                ? 1
                                : 0);
            }
        }
        for (ProbeStatus p : node.probes().backends()) {
            if (registered.add("backend/" + p.name())) {
                gauge(
                        "textloom.backup.storage.up",
                        "1 when the storage backend is reachable",
                        Tags.of("backend", p.name()),
                        x -> up(node.probes().backends(), p.name()));
            }
        }
    }

    /** 1 when the newest status of {@code name} among {@code statuses} is up, else 0. */
    private static int up(java.util.List<ProbeStatus> statuses, String name) {
        return statuses.stream().filter(s -> s.name().equals(name)).anyMatch(ProbeStatus::up) ? 1 : 0;
    }

    /** The scenarios with a drill period, and those of every drill or recovery seen. */
    private Set<String> scenarios() {
        Set<String> out = new java.util.TreeSet<>(node.settings().drillPeriods().keySet());
        node.state().runs().forEach(r -> out.add(r.scenario()));
        return out;
    }

    private void registerScenario(String scenario) {
        Tags t = Tags.of("scenario", scenario);
        gauge(
                "textloom.backup.drill.failed",
                "1 when the newest drill of the scenario did not succeed (drill_failed)",
                t,
                x -> node.state().failingDrills().containsKey(scenario) ? 1 : 0);
        gauge(
                "textloom.backup.drill.rto.exceeded",
                "1 when the newest successful drill of the scenario took longer "
                        + "than its RTO target (rto_exceeded)",
                t,
                x -> node.state().slowDrills().containsKey(scenario) ? 1 : 0);
        gauge(
                "textloom.backup.drill.overdue",
                "1 when the scenario has had no successful drill within its period "
                        + "(drill_overdue, BACKUP_MONITOR_DRILL_PERIOD)",
                t,
                x -> DrillOverdueRule.overdue(new RuleContext(
                                        node.state(),
                                        node.probes(),
                                        node.settings(),
                                        clock.instant(),
                                        node.startedAt()))
                                .containsKey(scenario)
                        ? 1
                        : 0);
        gauge(
                "textloom.backup.drill.rto.seconds",
                "Measured RTO of the newest successful drill of the scenario",
                t,
                x -> lastGoodDrill(scenario, r -> r.durationMs() / 1000.0));
        gauge(
                "textloom.backup.drill.rto.target.seconds",
                "RTO target of the scenario, as its newest drill or recovery " + "reported it",
                t,
                x -> node.state().runs().stream()
                        .filter(r -> r.scenario().equals(scenario))
                        .reduce((a, b) -> b)
                        .map(r -> (double) r.rtoTargetSeconds())
                        .orElse(Double.NaN));
        gauge(
                "textloom.backup.drill.last.success.timestamp.seconds",
                "Unix time of the newest successful drill of " + "the scenario",
                t,
                x -> lastGoodDrill(scenario, r -> r.completedAt().toEpochMilli() / 1000.0));
        gauge(
                "textloom.backup.recovery.failed",
                "1 when the newest recovery (not a dry run) of the scenario did not " + "succeed (recovery_failed)",
                t,
                x -> node.state().failingRecoveries().containsKey(scenario) ? 1 : 0);
        gauge(
                "textloom.backup.recovery.rto.seconds",
                "Measured duration of the newest successful recovery (not a dry " + "run) of the scenario",
                t,
                x -> node.state().runs().stream()
                        .filter(r -> !r.drill()
                                && !r.dryRun()
                                && r.succeeded()
                                && r.scenario().equals(scenario))
                        .reduce((a, b) -> b)
                        .map(r -> r.durationMs() / 1000.0)
                        .orElse(Double.NaN));
    }

    private double lastGoodDrill(String scenario, java.util.function.ToDoubleFunction<RecoveryRun> f) {
        RecoveryRun r = node.state().lastGoodDrills().get(scenario);
        return r == null ? Double.NaN : f.applyAsDouble(r);
    }

    private double find(String component, String tier, boolean age) {
        return view().components().stream()
                .filter(c -> c.component().equals(component) && c.tier().equals(tier))
                .filter(c -> c.lastSuccess() != null)
                .findFirst()
                .map(c -> age ? c.ageHours() * 3600 : c.lastSuccess().getEpochSecond())
                .orElse(Double.NaN);
    }

    private void gauge(String name, String help, Tags tags, ToDoubleFunction<Object> f) {
        gauges.add(Gauge.builder(name, this, x -> f.applyAsDouble(x))
                .description(help)
                .tags(tags)
                .strongReference(true)
                .register(registry));
    }

    /**
     * Removes this instance's gauges when the application stops. A meter registry can outlive one
     * application instance (a restarted app in the same JVM, as in tests), and a registry keeps the first
     * gauge registered under a name and tags: without this, a new instance's gauges would keep reading the
     * stopped instance's state.
     */
    @PreDestroy
    void unbind() {
        gauges.forEach(registry::remove);
        gauges.clear();
        registered.clear();
    }

    /** Counts one replayed backup: bytes per component and duration. */
    public void backup(BackupResult b) {
        Counter.builder("textloom.backup.completed")
                .description("Backups completed, by status")
                .tag("status", b.status().name().toLowerCase())
                .register(registry)
                .increment();
        for (BackupResult.ComponentOutcome c : b.components()) {
            Tags t = Tags.of("component", c.component());
            Counter.builder("textloom.backup.read.bytes")
                    .baseUnit("bytes")
                    .description("Bytes read from the sources")
                    .tags(t)
                    .register(registry)
                    .increment(c.bytesRead());
            Counter.builder("textloom.backup.stored.bytes")
                    .baseUnit("bytes")
                    .description("Bytes written to the repository (compressed, encrypted)")
                    .tags(t)
                    .register(registry)
                    .increment(c.bytesStored());
            Counter.builder("textloom.backup.new.bytes")
                    .baseUnit("bytes")
                    .description("Bytes of chunks new to the repository (after deduplication)")
                    .tags(t)
                    .register(registry)
                    .increment(c.bytesNew());
            Timer.builder("textloom.backup.component.duration")
                    .description("Time spent per component")
                    .tags(t)
                    .register(registry)
                    .record(Duration.ofMillis(c.durationMs()));
        }
        Timer.builder("textloom.backup.duration")
                .description("Backup durations")
                .tag("tier", b.tier())
                .register(registry)
                .record(Duration.ofMillis(b.durationMs()));
    }

    /** Counts one replayed drill or recovery, by scenario and status (recoveries also by dry run). */
    public void run(RecoveryRun r) {
        if (r.drill()) {
            Counter.builder("textloom.backup.drill.completed")
                    .description("Drills completed, by scenario and status")
                    .tag("scenario", r.scenario())
                    .tag("status", r.status())
                    .register(registry)
                    .increment();
        } else {
            Counter.builder("textloom.backup.recovery.completed")
                    .description("Recoveries completed, by scenario, status and dry run")
                    .tag("scenario", r.scenario())
                    .tag("status", r.status())
                    .tag("dry_run", Boolean.toString(r.dryRun()))
                    .register(registry)
                    .increment();
        }
    }

    /** Counts one notification outcome. */
    public void notification(String channel, boolean delivered) {
        Counter.builder("textloom.backup.monitor.notifications")
                .description("Notifications, by channel and outcome")
                .tag("channel", channel)
                .tag("outcome", delivered ? "success" : "failed")
                .register(registry)
                .increment();
    }
}
