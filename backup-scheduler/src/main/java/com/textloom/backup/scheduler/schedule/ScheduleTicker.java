package com.textloom.backup.scheduler.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Turns schedules into requests: decides which slot is due and publishes it with the slot's id.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>A slot is published with {@link Slot#requestId()}, so any number of tickers (replicas) firing the same
 *       slot publish one id.</li>
 *   <li>When several slots of a schedule passed unfired (downtime, a paused JVM), only the latest is published,
 *       once.</li>
 *   <li>On {@link #start(Instant)}, the latest slot before now is published once if it lies within the catalog's
 *       catch-up window and {@link ScheduleHistory} does not know its id (no replica published it).</li>
 *   <li>If publishing fails the slot stays due and is retried on the next {@link #tick(Instant)} or
 *       {@link #retry(Instant)} with the same id.</li>
 *   <li>Disabled schedules never fire by themselves.</li>
 * </ul>
 * The ticker decides; who wakes it is the caller's: {@link ScheduleRunner} wakes {@link #tick(String, Instant)} from
 * each schedule's cron job and {@link #retry(Instant)} every second (quarkus-scheduler). {@code start}, {@code tick}
 * and {@code retry} are called one at a time; {@link #nextFire(String)} from any thread.
 */
public final class ScheduleTicker {

    private static final Logger LOG = Logger.getLogger(ScheduleTicker.class);
    /** A slot published more than this after its time is logged and marked as a catch-up. */
    private static final Duration LATE = Duration.ofMinutes(1);

    private final ScheduleCatalog catalog;
    private final RequestPublisher publisher;
    private final ScheduleHistory history;
    private final Map<String, Instant> due = new ConcurrentHashMap<>();
    /** Schedules whose due slot could not be published. */
    private final Set<String> retrying = ConcurrentHashMap.newKeySet();

    public ScheduleTicker(ScheduleCatalog catalog, RequestPublisher publisher, ScheduleHistory history) {
        this.catalog = catalog;
        this.publisher = publisher;
        this.history = history;
    }

    /**
     * Sets each enabled schedule's next slot and runs missed slots once. Call after the history was rebuilt.
     *
     * @return the requests published now (catch-ups)
     */
    public List<FireRequest> start(Instant now) {
        Instant windowStart = now.minus(catalog.catchUpWindow());
        for (Schedule schedule : catalog.schedules()) {
            if (!schedule.enabled()) {
                continue;
            }
            Optional<Instant> missed = catalog.catchUpWindow().isZero()
                    ? Optional.empty()
                    : schedule.cron()
                            .latestAtOrBefore(now)
                            .filter(slot -> !slot.isBefore(windowStart))
                            .filter(slot ->
                                    !history.hasFired(schedule.slotAt(slot).requestId()));
            if (missed.isPresent()) {
                LOG.infof("schedule %s: slot %s was not fired, running it once now", schedule.name(), missed.get());
                due.put(schedule.name(), missed.get());
            } else {
                schedule.cron().nextAfter(now).ifPresent(next -> due.put(schedule.name(), next));
            }
        }
        return tick(now);
    }

    /**
     * Publishes every slot that is due at {@code now} (the latest one per schedule) and moves each schedule to its
     * next slot after {@code now}.
     *
     * @return the requests published
     */
    public List<FireRequest> tick(Instant now) {
        List<FireRequest> fired = new ArrayList<>();
        for (Schedule schedule : catalog.schedules()) {
            fire(schedule, now).ifPresent(fired::add);
        }
        return fired;
    }

    /**
     * Publishes the named schedule's slot if one is due at {@code now} (the latest one), as {@link #tick(Instant)} does
     * for every schedule: what its cron job calls when it wakes at a slot.
     *
     * @return the request published, if any
     */
    public Optional<FireRequest> tick(String schedule, Instant now) {
        return catalog.find(schedule).flatMap(s -> fire(s, now));
    }

    /**
     * Publishes again the slots whose publishing failed (the broker did not acknowledge) and any slot still due more
     * than a minute after its time (a wake-up that did not come: the process was busy or paused), each with its slot's
     * id. Slots that are due now but whose wake-up may still come are left to it.
     *
     * @return the requests published
     */
    public List<FireRequest> retry(Instant now) {
        List<FireRequest> fired = new ArrayList<>();
        for (Schedule schedule : catalog.schedules()) {
            Instant next = due.get(schedule.name());
            if (retrying.contains(schedule.name())
                    || (next != null && Duration.between(next, now).compareTo(LATE) > 0)) {
                fire(schedule, now).ifPresent(fired::add);
            }
        }
        return fired;
    }

    /** Whether a slot of some schedule failed to publish and waits for {@link #retry(Instant)}. */
    public boolean retrying() {
        return !retrying.isEmpty();
    }

    private Optional<FireRequest> fire(Schedule schedule, Instant now) {
        Instant next = due.get(schedule.name());
        if (next == null || next.isAfter(now) || !schedule.enabled()) {
            return Optional.empty();
        }
        Instant slot = schedule.cron()
                .latestAtOrBefore(now)
                .filter(s -> !s.isBefore(next))
                .orElse(next);
        Trigger trigger = Duration.between(slot, now).compareTo(LATE) > 0 ? Trigger.CATCH_UP : Trigger.SCHEDULED;
        FireRequest request = FireRequest.forSlot(schedule, slot, trigger, now);
        try {
            publish(request);
        } catch (RequestPublisher.PublishException e) {
            LOG.warnf(
                    "schedule %s: could not publish slot %s (request %s), retrying: %s",
                    schedule.name(), slot, request.requestId(), e.getMessage());
            retrying.add(schedule.name());
            return Optional.empty();
        }
        retrying.remove(schedule.name());
        Optional<Instant> following = schedule.cron().nextAfter(now);
        if (following.isPresent()) {
            due.put(schedule.name(), following.get());
        } else {
            due.remove(schedule.name());
        }
        return Optional.of(request);
    }

    /** Publishes a manual run of {@code schedule} with a fresh id, whether or not the schedule is enabled. */
    public FireRequest runNow(Schedule schedule, Instant now) {
        FireRequest request = FireRequest.manual(schedule, now);
        publish(request);
        return request;
    }

    /** The next slot the schedule will fire (a past slot while a catch-up or a retry is pending). */
    public Optional<Instant> nextFire(String schedule) {
        return Optional.ofNullable(due.get(schedule));
    }

    private void publish(FireRequest request) {
        publisher.publish(request);
        ScheduleHistory.Fire fire = new ScheduleHistory.Fire(
                request.requestId(),
                request.schedule().name(),
                request.slot(),
                request.trigger(),
                request.requestedAt());
        history.recordFired(fire);
        for (String scenario : request.schedule().scenarios()) { // a drill schedule's drills, one per scenario
            history.recordPart(request.drillId(scenario), scenario, fire);
        }
        LOG.infof(
                "schedule %s: published %s request %s (%s%s)",
                request.schedule().name(),
                request.schedule().kind().name().toLowerCase(java.util.Locale.ROOT),
                request.requestId(),
                request.trigger().name().toLowerCase(java.util.Locale.ROOT),
                request.slot() == null ? "" : ", slot " + request.slot());
    }
}
