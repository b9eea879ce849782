package com.textloom.backup.scheduler.schedule;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One firing time of one schedule.
 *
 * <p>Its {@link #requestId()} is a name-based UUID (RFC 4122 version 3) of {@code "<schedule>@<time>"}, for example
 * {@code daily@2025-08-20T02:00:00Z}: every scheduler replica that fires the same slot publishes the same request id,
 * so the manager, which drops requests whose id it has already seen, runs the slot once.
 */
public record Slot(String schedule, Instant time) {

    public Slot {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(time, "time");
    }

    /** The text the request id is derived from, e.g. {@code daily@2025-08-20T02:00:00Z}. */
    public String key() {
        return schedule + "@" + time;
    }

    /** The request id of this slot: the same for the same schedule name and time, whoever computes it. */
    public UUID requestId() {
        return UUID.nameUUIDFromBytes(key().getBytes(StandardCharsets.UTF_8));
    }
}
