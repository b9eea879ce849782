package com.textloom.backup.scheduler.schedule;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What this scheduler knows about past requests: which schedule each request id belongs to, the last fire of
 * each schedule and the outcomes reported for them. Rebuilt from Kafka on every start (the request topics and
 * the completion events); nothing is stored locally.
 *
 * <p>A drill schedule's request is published as one drill per scenario, each with an id of its own
 * ({@link FireRequest#drillId}): those ids are recorded as parts of the request ({@link #recordPart}), so a drill's
 * outcome (DrillCompleted, keyed by the drill's id) is its schedule's, and the request's own id (the slot's) counts
 * as fired.
 *
 * <p>Events may arrive in any order: an outcome seen before its request is kept and attributed once the
 * request is known. Memory is bounded: the oldest {@value #MAX_ENTRIES} requests and outcomes are kept.
 * Thread-safe.
 */
public final class ScheduleHistory {

    static final int MAX_ENTRIES = 10_000;

    /** One known request of a schedule. */
    public record Fire(UUID requestId, String schedule, Instant slot, Trigger trigger, Instant requestedAt) {
    }

    private final Map<UUID, Fire> requests = bounded();
    private final Map<UUID, RunOutcome> outcomes = bounded();
    /** A part's id (a drill of a drill schedule's request) to the id of the request it belongs to. */
    private final Map<UUID, UUID> parts = bounded();
    private final Map<String, Fire> lastFire = new LinkedHashMap<>();

    /** Records that a request was published (by this scheduler, another replica, or seen on the topic). */
    public synchronized void recordFired(Fire fire) {
        requests.put(fire.requestId(), fire);
        lastFire.merge(fire.schedule(), fire,
                (old, neu) -> neu.requestedAt().isAfter(old.requestedAt()) ? neu : old);
    }

    /**
     * Records that {@code partId} was published as part of {@code fire} (one drill of a drill schedule's request) and
     * records the fire itself: an outcome reported for {@code partId} is then the schedule's.
     */
    public synchronized void recordPart(UUID partId, Fire fire) {
        parts.put(partId, fire.requestId());
        recordFired(fire);
    }

    /** Records the outcome of a request (or of a part of one), whether or not the request is known yet. */
    public synchronized void recordOutcome(RunOutcome outcome) {
        outcomes.merge(outcome.requestId(), outcome,
                (old, neu) -> neu.finishedAt().isBefore(old.finishedAt()) ? old : neu);
    }

    /** Whether a request with this id has been published (used to skip slots already fired). */
    public synchronized boolean hasFired(UUID requestId) {
        return requests.containsKey(requestId);
    }

    /** The schedule's most recent request, by publication time. */
    public synchronized Optional<Fire> lastFire(String schedule) {
        return Optional.ofNullable(lastFire.get(schedule));
    }

    /** The most recent outcome (by finish time) of any request of this schedule, or of any drill of one. */
    public synchronized Optional<RunOutcome> lastOutcome(String schedule) {
        return outcomes.values().stream()
                .filter(o -> {
                    Fire f = requests.get(parts.getOrDefault(o.requestId(), o.requestId()));
                    return f != null && f.schedule().equals(schedule);
                })
                .max(Comparator.comparing(RunOutcome::finishedAt));
    }

    /** The outcome of one request, if the manager reported it. */
    public synchronized Optional<RunOutcome> outcome(UUID requestId) {
        return Optional.ofNullable(outcomes.get(requestId));
    }

    private static <K, V> Map<K, V> bounded() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > MAX_ENTRIES;
            }
        };
    }
}
