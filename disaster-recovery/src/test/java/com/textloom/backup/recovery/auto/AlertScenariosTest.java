package com.textloom.backup.recovery.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.textloom.backup.events.AlertRaised;
import com.textloom.backup.events.Severity;
import com.textloom.backup.recovery.scenario.Scenario;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The monitor's {@code protected_service_failed} alerts (its relay of this service's assessment) point at their scenario. */
class AlertScenariosTest {

    private static Optional<Scenario> of(String component, String subject, int notification) {
        return AlertScenarios.of(new AlertRaised(
                "a1",
                "fp",
                "protected_service_failed",
                Severity.CRITICAL,
                "m",
                "*",
                component,
                null,
                Instant.now(),
                notification,
                Map.of("subject", subject)));
    }

    @Test
    void eachProtectedPartPointsAtItsScenario() {
        assertEquals(Optional.of(Scenario.REDIS_FAILURE), of("redis", "redis", 1));
        assertEquals(Optional.of(Scenario.DATABASE_FAILURE), of("database", "postgresql", 1));
        assertEquals(Optional.of(Scenario.APPLICATION_FAILURE), of(null, "application", 1));
        assertEquals(Optional.of(Scenario.STORAGE_FAILURE), of(null, "storage", 1));
        assertEquals(Optional.empty(), of("redis", "redis", 2), "a re-notification points at nothing");
    }
}
