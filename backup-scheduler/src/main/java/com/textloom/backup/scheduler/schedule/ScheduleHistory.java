package com.textloom.backup.scheduler.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
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
 * outcome (DrillCompleted, keyed by the drill's id) counts for its schedule, and the request's own id (the slot's)
 * counts as fired. The outcome of such a request is the verdict over all of its drills ({@link #lastOutcome}): a failed
 * drill is never hidden by another drill of the slot that succeeded later.
 *
 * <p>Events may arrive in any order: an outcome seen before its request is kept and attributed once the
 * request is known. Memory is bounded: the oldest {@value #MAX_ENTRIES} requests and outcomes are kept.
 * Thread-safe.
 */
public final class ScheduleHistory {

    static final int MAX_ENTRIES = 10_000;

    /** One known request of a schedule. */
    public record Fire(UUID requestId, String schedule, Instant slot, Trigger trigger, Instant requestedAt) {}

    private final Map<UUID, Fire> requests = bounded();
    private final Map<UUID, RunOutcome> outcomes = bounded();
    /** A part's id (a drill of a drill schedule's request) to the request it belongs to and its scenario. */
    private final Map<UUID, Part> parts = bounded();

    private record Part(UUID requestId, String scenario) {}

    private final Map<String, Fire> lastFire = new LinkedHashMap<>();

    /** Records that a request was published (by this scheduler, another replica, or seen on the topic). */
    public synchronized void recordFired(Fire fire) {
        requests.put(fire.requestId(), fire);
        lastFire.merge(fire.schedule(), fire, (old, neu) -> neu.requestedAt().isAfter(old.requestedAt()) ? neu : old);
    }

    /**
     * Records that {@code partId} was published as part of {@code fire} (the drill of {@code scenario} of a drill
     * schedule's request) and records the fire itself: an outcome reported for {@code partId} then counts for the
     * request's outcome.
     */
    public synchronized void recordPart(UUID partId, String scenario, Fire fire) {
        parts.put(partId, new Part(fire.requestId(), scenario));
        recordFired(fire);
    }

    /**
     * Records the outcome of a request (or of a part of one), whether or not the request is known yet. A drill's
     * outcome that names its schedule and slot ({@link RunOutcome.Drill#schedule}) counts for that slot's request even
     * when its DrillRequested was not replayed (older than the start-up replay, as a quarterly drill's can be): the
     * slot is then known as fired.
     */
    public synchronized void recordOutcome(RunOutcome outcome) {
        RunOutcome.Drill drill = outcome.drill();
        if (drill != null
                && drill.schedule() != null
                && drill.slot() != null
                && !parts.containsKey(outcome.requestId())) {
            UUID slotId = new Slot(drill.schedule(), drill.slot()).requestId();
            parts.put(outcome.requestId(), new Part(slotId, drill.scenario()));
            if (!requests.containsKey(slotId)) {
                recordFired(new Fire(slotId, drill.schedule(), drill.slot(), Trigger.SCHEDULED, drill.slot()));
            }
        }
        outcomes.merge(
                outcome.requestId(), outcome, (old, neu) -> neu.finishedAt().isBefore(old.finishedAt()) ? old : neu);
    }

    /** Whether a request with this id has been published (used to skip slots already fired). */
    public synchronized boolean hasFired(UUID requestId) {
        return requests.containsKey(requestId);
    }

    /** The schedule's most recent request, by publication time. */
    public synchronized Optional<Fire> lastFire(String schedule) {
        return Optional.ofNullable(lastFire.get(schedule));
    }

    /**
     * How the schedule's newest request that has an outcome ended. For a request that is not in parts: its own outcome.
     * For a drill schedule's request (a slot): the verdict over its drills, keyed by the request's id, finished when
     * the last of them finished, with each drill's outcome in {@link RunOutcome#parts} (by scenario) and the scenarios
     * not answered yet in {@link RunOutcome#pending}; its status is {@code failed} if any drill failed, else
     * {@code partial} if any was partial, else {@code running} while a drill has not answered, else {@code success};
     * its error names each drill that did not succeed.
     */
    public synchronized Optional<RunOutcome> lastOutcome(String schedule) {
        Map<UUID, List<RunOutcome>> byRequest = new LinkedHashMap<>();
        for (RunOutcome o : outcomes.values()) {
            Part part = parts.get(o.requestId());
            Fire f = requests.get(part == null ? o.requestId() : part.requestId());
            if (f != null && f.schedule().equals(schedule)) {
                byRequest
                        .computeIfAbsent(f.requestId(), id -> new ArrayList<>())
                        .add(o);
            }
        }
        return byRequest.entrySet().stream()
                .max(Comparator.comparing((Map.Entry<UUID, List<RunOutcome>> e) ->
                                requests.get(e.getKey()).requestedAt())
                        .thenComparing(e -> latest(e.getValue())))
                .map(e -> parts.containsKey(e.getValue().get(0).requestId())
                        ? verdict(e.getKey(), e.getValue())
                        : e.getValue().get(0));
    }

    private RunOutcome verdict(UUID requestId, List<RunOutcome> answered) {
        Map<UUID, String> scenarios = new LinkedHashMap<>();
        parts.forEach((id, part) -> {
            if (part.requestId().equals(requestId)) {
                scenarios.put(id, part.scenario());
            }
        });
        List<RunOutcome> drills = answered.stream()
                .sorted(Comparator.comparing(o -> scenarios.get(o.requestId())))
                .toList();
        List<String> pending = scenarios.entrySet().stream()
                .filter(e -> !outcomes.containsKey(e.getKey()))
                .map(Map.Entry::getValue)
                .sorted()
                .toList();
        String status = drills.stream().anyMatch(o -> o.status().equals("failed"))
                ? "failed"
                : drills.stream().anyMatch(o -> o.status().equals("partial"))
                        ? "partial"
                        : pending.isEmpty() ? "success" : "running";
        List<String> problems = drills.stream()
                .filter(o -> !o.status().equals("success"))
                .map(o -> scenarios.get(o.requestId()) + " " + o.status() + (o.error() == null ? "" : ": " + o.error()))
                .toList();
        return new RunOutcome(
                requestId,
                status,
                latest(drills),
                null,
                problems.isEmpty() ? null : String.join("; ", problems),
                null,
                drills,
                pending);
    }

    private static Instant latest(List<RunOutcome> outcomes) {
        return outcomes.stream()
                .map(RunOutcome::finishedAt)
                .max(Comparator.naturalOrder())
                .orElseThrow();
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
