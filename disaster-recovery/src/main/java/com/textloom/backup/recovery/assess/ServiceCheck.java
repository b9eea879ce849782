package com.textloom.backup.recovery.assess;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Map;

/**
 * One part of an assessment, as the guide's {@code services} entries.
 *
 * @param name      postgresql, redis, application, storage, backups, suite
 * @param status    {@code healthy}, {@code degraded}, {@code critical}, or {@code skipped} (not configured)
 * @param detail    what was found, in words (never a secret)
 * @param latencyMs how long the check took
 * @param checkedAt when it ran
 * @param facts     figures behind the status (size, connections, key counts, ages ...), snake_case keys
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceCheck(
        String name, String status, String detail, long latencyMs, Instant checkedAt, Map<String, Object> facts) {

    public ServiceCheck {
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    public boolean healthy() {
        return "healthy".equals(status) || "skipped".equals(status);
    }
}
