package com.textloom.backup.scheduler.schedule;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What the scheduler publishes when a schedule fires.
 *
 * @param requestId   the id of the request: the slot's id for {@link Trigger#SCHEDULED} and {@link Trigger#CATCH_UP},
 *                    a fresh random id for {@link Trigger#MANUAL}
 * @param schedule    the schedule that fired
 * @param slot        the slot time, or {@code null} for a manual run
 * @param trigger     why it fired
 * @param requestedAt when it was published
 */
public record FireRequest(UUID requestId, Schedule schedule, Instant slot, Trigger trigger, Instant requestedAt) {

    public FireRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    /** A request for {@code slot}, with the slot's deterministic id. */
    public static FireRequest forSlot(Schedule schedule, Instant slot, Trigger trigger, Instant now) {
        return new FireRequest(schedule.slotAt(slot).requestId(), schedule, slot, trigger, now);
    }

    /**
     * The id of the drill of {@code scenario} this request of a drill schedule asks for: derived from the request's id
     * and the scenario, so two replicas firing one slot ask for the same drills (disaster-recovery runs an id once).
     */
    public UUID drillId(String scenario) {
        return UUID.nameUUIDFromBytes((requestId + "/" + scenario).getBytes(StandardCharsets.UTF_8));
    }

    /** A manual run: a fresh id every time, so two manual runs are two requests. */
    public static FireRequest manual(Schedule schedule, Instant now) {
        return new FireRequest(UUID.randomUUID(), schedule, null, Trigger.MANUAL, now);
    }
}
