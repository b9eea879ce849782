package com.textloom.backup.scheduler.schedule;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the schedules of this process: on start it rebuilds the history from the requests topic (retrying while
 * the broker is unreachable), runs missed slots once, then ticks every second on its own thread.
 *
 * <p>Slot times are computed from the cron expressions, not from timers, so a replica that starts late, a paused
 * JVM or two replicas side by side all publish the same request ids for the same slots.
 */
@Startup
@ApplicationScoped
public class ScheduleRunner {

    private static final Logger LOG = Logger.getLogger(ScheduleRunner.class);
    /** How far back the requests topic is read on start: a month and some, for the monthly schedule's last fire. */
    static final Duration HISTORY_LOOKBACK = Duration.ofDays(35);
    private static final Duration RETRY = Duration.ofSeconds(5);

    @Inject
    ScheduleCatalog catalog;
    @Inject
    ScheduleHistory history;
    @Inject
    RequestPublisher publisher;
    @Inject
    FiredRequestSource firedRequests;

    private ScheduleTicker ticker;
    private ScheduledExecutorService thread;
    private volatile boolean started;

    @PostConstruct
    void start() {
        ticker = new ScheduleTicker(catalog, publisher, history);
        for (Schedule s : catalog.schedules()) {
            LOG.infof("schedule %s: cron '%s' (%s), %s%s", s.name(), s.cron().expression(), catalog.zone(),
                    switch (s.kind()) {
                        case RETENTION -> "retention run";
                        case DRILL -> "drills of " + String.join(",", s.scenarios());
                        case VERIFY -> "verify reading " + s.readDataPercent() + " % of the packs";
                        case BACKUP -> "backup " + s.backupType().name().toLowerCase() + " of " + String.join(",", s.components());
                    },
                    s.enabled() ? "" : ", disabled");
        }
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "backup-scheduler-ticker");
            t.setDaemon(true);
            return t;
        });
        thread.execute(this::rebuildThenTick);
    }

    @PreDestroy
    void stop() {
        thread.shutdownNow();
    }

    private void rebuildThenTick() {
        Instant now = Instant.now();
        Duration lookback = catalog.catchUpWindow().compareTo(HISTORY_LOOKBACK) > 0 ? catalog.catchUpWindow() : HISTORY_LOOKBACK;
        try {
            firedRequests.replayInto(history, now.minus(lookback));
            int caughtUp = ticker.start(Instant.now()).size();
            LOG.infof("schedules running: %d missed slot(s) caught up", caughtUp);
        } catch (RuntimeException e) {
            LOG.warnf("cannot start the schedules yet (%s); retrying in %d s", e.getMessage(), RETRY.toSeconds());
            thread.schedule(this::rebuildThenTick, RETRY.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        started = true;
        thread.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private void tick() {
        try {
            ticker.tick(Instant.now());
        } catch (RuntimeException e) {
            LOG.errorf(e, "schedule tick failed");
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
