package com.textloom.backup.scheduler.schedule;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs the schedules of this process on quarkus-scheduler's programmatic API ({@link Scheduler#newJob}):
 * <ul>
 *   <li>{@value #START_JOB}: on start, rebuilds the history from the requests topics and runs missed slots once
 *       ({@link ScheduleTicker#start}); every {@link #RETRY} while the broker is unreachable, then it unschedules itself
 *       and schedules the two below;</li>
 *   <li>{@code backup-schedule-<name>}: one cron job per enabled schedule, its cron in the Quartz form
 *       ({@link CronSchedule#quartzExpression()}) in the schedule's time zone; it wakes the ticker at each slot
 *       ({@link ScheduleTicker#tick(String, Instant)});</li>
 *   <li>{@value #RETRY_JOB}: every second, publishes again a slot the broker did not acknowledge and any slot still due
 *       a minute after its time ({@link ScheduleTicker#retry}).</li>
 * </ul>
 * What is due and with which id is {@link ScheduleTicker}'s, computed from the cron expressions, not from the jobs'
 * timers: a replica that starts late, a paused JVM or two replicas side by side all publish the same request ids for
 * the same slots, and the catch-up reads what was published from Kafka (the jobs keep no history across restarts). The
 * ticker is called by one job at a time; a job is never run twice at once.
 */
@ApplicationScoped
public class ScheduleRunner {

    private static final Logger LOG = Logger.getLogger(ScheduleRunner.class);
    /** How far back the requests topic is read on start: a month and some, for the monthly schedule's last fire. */
    static final Duration HISTORY_LOOKBACK = Duration.ofDays(35);

    private static final Duration RETRY = Duration.ofSeconds(5);
    /** The job that rebuilds the history and catches up, until it succeeds. */
    public static final String START_JOB = "backup-scheduler-start";
    /** The job that publishes again what the broker refused. */
    public static final String RETRY_JOB = "backup-scheduler-retry";

    @Inject
    ScheduleCatalog catalog;

    @Inject
    ScheduleHistory history;

    @Inject
    RequestPublisher publisher;

    @Inject
    FiredRequestSource firedRequests;

    @Inject
    Scheduler scheduler;

    private ScheduleTicker ticker;
    private volatile boolean started;

    /** The id of the cron job that wakes {@code schedule}. */
    public static String jobId(String schedule) {
        return "backup-schedule-" + schedule;
    }

    @PostConstruct
    void init() {
        ticker = new ScheduleTicker(catalog, publisher, history);
    }

    void start(@Observes StartupEvent event) {
        for (Schedule s : catalog.schedules()) {
            LOG.infof(
                    "schedule %s: cron '%s' (%s), %s%s",
                    s.name(),
                    s.cron().expression(),
                    catalog.zone(),
                    switch (s.kind()) {
                        case RETENTION -> "retention run";
                        case DRILL -> "drills of " + String.join(",", s.scenarios());
                        case VERIFY -> "verify reading " + s.readDataPercent() + " % of the packs";
                        case BACKUP ->
                            "backup " + s.backupType().name().toLowerCase() + " of " + String.join(",", s.components());
                    },
                    s.enabled() ? "" : ", disabled");
        }
        scheduler
                .newJob(START_JOB)
                .setInterval(RETRY.toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> rebuildThenSchedule())
                .schedule();
    }

    private synchronized void rebuildThenSchedule() {
        if (started) {
            return;
        }
        Instant now = Instant.now();
        Duration lookback =
                catalog.catchUpWindow().compareTo(HISTORY_LOOKBACK) > 0 ? catalog.catchUpWindow() : HISTORY_LOOKBACK;
        try {
            firedRequests.replayInto(history, now.minus(lookback));
            int caughtUp = ticker.start(Instant.now()).size();
            LOG.infof("schedules running: %d missed slot(s) caught up", caughtUp);
        } catch (RuntimeException e) {
            LOG.warnf("cannot start the schedules yet (%s); retrying in %d s", e.getMessage(), RETRY.toSeconds());
            return;
        }
        for (Schedule s : catalog.schedules()) {
            if (s.enabled()) {
                scheduler
                        .newJob(jobId(s.name()))
                        .setCron(s.cron().quartzExpression())
                        .setTimeZone(s.cron().zone().getId())
                        .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                        .setTask(execution -> tick(s.name()))
                        .schedule();
            }
        }
        scheduler
                .newJob(RETRY_JOB)
                .setInterval("1s")
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> retry())
                .schedule();
        started = true;
        scheduler.unscheduleJob(START_JOB);
    }

    private synchronized void tick(String schedule) {
        try {
            ticker.tick(schedule, Instant.now());
        } catch (RuntimeException e) {
            LOG.errorf(e, "schedule %s: tick failed", schedule);
        }
    }

    private synchronized void retry() {
        try {
            ticker.retry(Instant.now());
        } catch (RuntimeException e) {
            LOG.errorf(e, "schedule retry failed");
        }
    }

    /**
     * Publishes a manual run of the named schedule with a fresh request id.
     *
     * @throws UnknownScheduleException if there is no such schedule
     * @throws RequestPublisher.PublishException if the broker did not acknowledge it
     */
    public FireRequest runNow(String name) {
        Schedule schedule = catalog.find(name).orElseThrow(() -> new UnknownScheduleException(name, catalog.names()));
        return ticker.runNow(schedule, Instant.now());
    }

    /** The next slot of the schedule; computed from its cron until the runner has started. */
    public Optional<Instant> nextFire(Schedule schedule) {
        if (!schedule.enabled()) {
            return Optional.empty();
        }
        return started ? ticker.nextFire(schedule.name()) : schedule.cron().nextAfter(Instant.now());
    }

    /** Whether the history was rebuilt and the schedules are ticking. */
    public boolean started() {
        return started;
    }
}
