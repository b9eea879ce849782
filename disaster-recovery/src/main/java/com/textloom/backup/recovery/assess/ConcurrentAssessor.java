package com.textloom.backup.recovery.assess;

import com.textloom.backup.recovery.assess.CheckReport.CheckResult;
import com.textloom.backup.recovery.catalog.BackupCatalog;
import com.textloom.backup.recovery.config.AssessConfig;
import com.textloom.backup.recovery.config.RecoverConfig;
import com.textloom.backup.recovery.scenario.Scenario;
import com.textloom.backup.support.config.BackupConfig;
import com.textloom.backup.support.config.ProtectedAppConfig;
import com.textloom.backup.support.config.SuiteLookup;
import com.textloom.backup.support.health.BrokerProbe;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The {@link Assessor}: six checks ({@code postgresql}, {@code redis}, {@code application}, {@code storage},
 * {@code backups}, {@code suite}) run at once, each on its own thread with a deadline of BACKUP_DR_CHECK_TIMEOUT; a
 * check that has not answered by then is reported as not answering (critical for a protected part, degraded for the
 * others) and the assessment goes on without it, so one hung server never stalls the answer: an assessment takes at
 * most the timeout plus a small margin. The backup catalogue is read once per assessment, alongside the checks, by
 * 80 % of the timeout, for the data-loss comparisons and the backups check.
 *
 * <p>Verdict: {@code critical} when a protected part (postgresql, redis, application, storage) is critical (down,
 * refusing, or lost data), else {@code degraded} when any check is, else {@code healthy}. {@code failures} lists the
 * scenarios of the critical checks, plus {@code full_disaster} when the database, Redis and the repository are all
 * lost (and the application too when it is checked). Runs every BACKUP_DR_ASSESS_INTERVAL; {@link #latest()} answers
 * the newest; a change of overall status is logged.
 *
 * <p><b>A cold start is not an outage.</b> A process's first look at each part pays for everything being cold
 * (clients created, classes loaded and compiled, first connections, repository indexes loaded), and on a loaded
 * machine that can outlast the timeout, so that every check would say "no answer within 5000 ms" although nothing
 * is down. Therefore, until this process has completed one assessment, an assessment in which anything ran out of
 * time (a check not answered by its deadline, or the backup catalogue not read in time) is made once more, as a
 * whole with fresh deadlines, and only that second one is answered, published as {@link #latest()} and fed to
 * consumers (the monitor's {@code protected_service_failed} rule, automatic recovery). Guarantees:
 * <ul>
 *   <li>a first look that is late only because the process is cold (it answers when asked again) never reaches a
 *       consumer as a failure; a part still late the second time is reported not answering, as a hung one is;</li>
 *   <li>a real outage is still reported in the first assessment: a part that refuses, fails or lost data is
 *       reported as such in both rounds (nothing but running out of time causes the second round, and the second
 *       round's findings are reported as they are), and a part that hangs is reported not answering after the
 *       second round, so the first assessment answers within 2 &times; (timeout + 0.5 s) (11 s with the default
 *       5 s), well within BACKUP_DR_ASSESS_INTERVAL;</li>
 *   <li>once an assessment has completed, nothing is repeated: a part that stops answering is reported by the next
 *       assessment, within the timeout plus 0.5 s, as before.</li>
 * </ul>
 */
@Singleton
public class ConcurrentAssessor implements Assessor {

    private static final Logger LOG = Logger.getLogger(ConcurrentAssessor.class);
    private static final Set<String> PROTECTED =
            Set.of(PostgresCheck.NAME, RedisCheck.NAME, ApplicationCheck.NAME, StorageCheck.NAME);
    /** What a check beyond its deadline is still given before it is reported as not answering. */
    private static final Duration GRACE = Duration.ofMillis(500);

    private final AssessSettings settings;
    private final Duration interval;
    private final BackupCatalog catalog;
    private final Scheduler scheduler;
    private final ExecutorService pool;
    private final PostgresCheck postgres;
    private final RedisCheck redis;
    private final ApplicationCheck application = new ApplicationCheck();
    private final StorageCheck storage;
    private final BackupsCheck backups = new BackupsCheck();
    private final SuiteCheck suite;
    private volatile Assessment latest;
    private volatile Assessment latestPeriodic;
    /** Whether an assessment has been completed in this process (its clients, connections and code are warm). */
    private volatile boolean warm;

    @Inject
    public ConcurrentAssessor(
            AssessConfig assess,
            RecoverConfig shared,
            ProtectedAppConfig app,
            BackupConfig backup,
            Config config,
            BackupCatalog catalog,
            BrokerProbe broker,
            Vertx vertx,
            Scheduler scheduler) {
        this.settings = AssessSettings.from(assess, shared, app, backup, SuiteLookup.of(config));
        this.interval = AssessSettings.interval(assess);
        this.catalog = catalog;
        this.scheduler = scheduler;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dr-assess-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.postgres = new PostgresCheck(vertx);
        this.redis = new RedisCheck(vertx);
        this.storage = new StorageCheck(pool);
        this.suite = new SuiteCheck(broker, pool);
    }

    /** Schedules the periodic assessment (the first one right away). */
    void start(@Observes StartupEvent started) {
        scheduler
                .newJob("disaster-recovery-assess")
                .setInterval(interval.toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> assessPeriodically())
                .schedule();
        LOG.infof(
                "assessing every %s (each check within %s): %s",
                BackupsCheck.words(interval), BackupsCheck.words(settings.checkTimeout()), settings);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
        storage.closeAll();
    }

    /** The configured settings (tests assess variations of them with {@link #assess(AssessSettings)}). */
    public AssessSettings settings() {
        return settings;
    }

    @Override
    public Assessment latest() {
        Assessment a = latest;
        return a != null ? a : assess();
    }

    @Override
    public Assessment latestPeriodic() {
        return latestPeriodic;
    }

    /** The scheduled assessment: also {@link #latestPeriodic()}. */
    void assessPeriodically() {
        latestPeriodic = assess();
    }

    @Override
    public Assessment assess() {
        Assessment now = assess(settings);
        Assessment before = latest;
        synchronized (this) {
            if (latest == null || !latest.assessedAt().isAfter(now.assessedAt())) {
                latest = now;
            }
        }
        String was = before == null ? null : before.overallStatus();
        if (!now.overallStatus().equals(was)) {
            String line = "assessment: overall status " + (was == null ? "" : was + " -> ") + now.overallStatus()
                    + (now.failures().isEmpty() ? "" : ", failures " + now.failures())
                    + problems(now);
            if ("healthy".equals(now.overallStatus())) {
                LOG.info(line);
            } else {
                LOG.warn(line);
            }
        }
        return now;
    }

    /**
     * Assesses with {@code s} instead of the configured settings; does not change {@link #latest()}. Until this
     * process has completed an assessment, one that ran out of time anywhere is made once more (see the class
     * comment: a cold start is not an outage).
     */
    public Assessment assess(AssessSettings s) {
        Round round = round(s);
        if (!warm && !round.late().isEmpty()) {
            LOG.infof(
                    "first assessment of this process: %s did not answer within %s; assessing once more before"
                            + " answering (a cold start is not an outage)",
                    round.late(), BackupsCheck.words(s.checkTimeout()));
            round = round(s);
        }
        warm = true;
        return round.assessment();
    }

    /**
     * One assessment made once.
     *
     * @param late the checks (and {@code catalogue}) that ran out of time
     */
    private record Round(Assessment assessment, List<String> late) {}

    private Round round(AssessSettings s) {
        Instant at = Instant.now();
        Set<String> components = new LinkedHashSet<>(s.rpo().keySet());
        components.add("database");
        components.add("redis");
        long catalogMillis = s.checkTimeout().toMillis() * 8 / 10;
        Baseline unread = Baseline.late("the backup catalogue at "
                + s.managerUrls().stream().map(SafeUrl::describe).collect(java.util.stream.Collectors.joining(", "))
                + " did not answer within " + catalogMillis + " ms");
        CompletableFuture<Baseline> baseline = CompletableFuture.supplyAsync(
                        () -> Baseline.read(catalog, components), pool)
                .completeOnTimeout(unread, catalogMillis, TimeUnit.MILLISECONDS);
        Supplier<Baseline> figures = baseline::join;
        List<CompletableFuture<Answer>> running = List.of(
                check(PostgresCheck.NAME, s, d -> postgres.run(s, d, figures)),
                check(RedisCheck.NAME, s, d -> redis.run(s, d, figures)),
                check(ApplicationCheck.NAME, s, d -> application.run(s, d)),
                check(StorageCheck.NAME, s, d -> storage.run(s, d)),
                check(BackupsCheck.NAME, s, d -> backups.run(s, figures)),
                check(SuiteCheck.NAME, s, d -> suite.run(s, d)));
        List<Answer> answers = running.stream().map(CompletableFuture::join).toList();
        List<String> late = new ArrayList<>();
        if (baseline.join() == unread) {
            late.add("catalogue");
        }
        answers.stream()
                .filter(Answer::late)
                .forEach(a -> late.add(a.result().check().name()));
        return new Round(verdict(at, answers.stream().map(Answer::result).toList()), late);
    }

    /** A check's result, and whether it came only when its deadline had passed (or never). */
    private record Answer(CheckResult result, boolean late) {}

    private CompletableFuture<Answer> check(String name, AssessSettings s, Function<Deadline, CheckResult> work) {
        Deadline deadline = Deadline.in(s.checkTimeout());
        return CompletableFuture.supplyAsync(
                        () -> {
                            CheckResult result;
                            try {
                                result = work.apply(deadline);
                            } catch (RuntimeException e) {
                                LOG.errorf(e, "the %s check failed", name);
                                CheckReport r = new CheckReport(name);
                                result = (PROTECTED.contains(name)
                                                ? r.critical("the check failed: " + e, null)
                                                : r.degraded("the check failed: " + e))
                                        .done();
                            }
                            return new Answer(result, deadline.passed());
                        },
                        pool)
                .completeOnTimeout(
                        new Answer(notAnswering(name, s.checkTimeout()), true),
                        s.checkTimeout().plus(GRACE).toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    private static CheckResult notAnswering(String name, Duration timeout) {
        CheckReport r = new CheckReport(name);
        String why = "no answer within " + timeout.toMillis() + " ms";
        Scenario scenario = switch (name) {
            case PostgresCheck.NAME -> Scenario.DATABASE_FAILURE;
            case RedisCheck.NAME -> Scenario.REDIS_FAILURE;
            case ApplicationCheck.NAME -> Scenario.APPLICATION_FAILURE;
            case StorageCheck.NAME -> Scenario.STORAGE_FAILURE;
            default -> null;
        };
        return (scenario != null ? r.critical(why, scenario) : r.degraded(why)).done();
    }

    /** The overall status, the failures and the recommendations (critical checks' first) of these results. */
    static Assessment verdict(Instant at, List<CheckResult> results) {
        boolean critical = false;
        boolean degraded = false;
        EnumSet<Scenario> failures = EnumSet.noneOf(Scenario.class);
        List<String> urgent = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (CheckResult r : results) {
            String status = r.check().status();
            if (CheckReport.CRITICAL.equals(status)
                    && PROTECTED.contains(r.check().name())) {
                critical = true;
                urgent.addAll(r.recommendations());
            } else {
                rest.addAll(r.recommendations());
            }
            degraded |= !r.check().healthy();
            failures.addAll(r.failures());
        }
        if (everythingLost(results)) {
            failures.add(Scenario.FULL_DISASTER);
            urgent.add(0, fullDisaster(results));
        }
        List<String> recommendations = new ArrayList<>(new LinkedHashSet<>(urgent));
        rest.stream().filter(x -> !recommendations.contains(x)).forEach(recommendations::add);
        return new Assessment(
                critical ? "critical" : degraded ? "degraded" : "healthy",
                at,
                results.stream().map(CheckResult::check).toList(),
                recommendations,
                failures.stream().map(Scenario::id).toList());
    }

    /** The database, Redis and the repository lost (and the application, when checked): only a remote is left. */
    private static boolean everythingLost(List<CheckResult> results) {
        int lost = 0;
        for (CheckResult r : results) {
            if (!PROTECTED.contains(r.check().name())) {
                continue;
            }
            String status = r.check().status();
            if (CheckReport.CRITICAL.equals(status)) {
                lost++;
            } else if (!CheckReport.SKIPPED.equals(status)) {
                return false;
            }
        }
        return lost >= 3;
    }

    private static String fullDisaster(List<CheckResult> results) {
        Object readable = results.stream()
                .filter(r -> r.check().name().equals(StorageCheck.NAME))
                .findFirst()
                .map(r -> r.check().facts().get("remotes_readable"))
                .orElse(0);
        if (readable instanceof Number n && n.intValue() > 0) {
            return "Everything local is lost: recover the whole application from the remote copy into the standby"
                    + " environment with `scripts/disaster_recovery.sh recover --scenario full_disaster --dry-run`, then"
                    + " without --dry-run.";
        }
        return "Everything local is lost and no remote copy can be read: full_disaster cannot be recovered from the"
                + " suite's backups; bring a remote (MinIO / OBS) back first, then run"
                + " `scripts/disaster_recovery.sh recover --scenario full_disaster --dry-run`.";
    }

    private static String problems(Assessment a) {
        StringBuilder out = new StringBuilder();
        for (ServiceCheck c : a.services()) {
            if (!c.healthy()) {
                out.append("; ")
                        .append(c.name())
                        .append(' ')
                        .append(c.status())
                        .append(": ")
                        .append(c.detail());
            }
        }
        return out.toString();
    }
}
