package com.textloom.backup.recovery.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.recovery.scenario.Scenario;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ObjectiveTargetsTest {

    @Test
    void theGuidesTableUnlessOverriddenPerScenario() {
        ObjectiveTargets t = new ObjectiveTargets("database_failure=20m, full_disaster=90m", "redis_failure=5m");
        assertEquals(Duration.ofMinutes(20), t.rto(Scenario.DATABASE_FAILURE));
        assertEquals(Duration.ofMinutes(90), t.rto(Scenario.FULL_DISASTER));
        assertEquals(Duration.ofMinutes(10), t.rto(Scenario.REDIS_FAILURE), "the guide's");
        assertEquals(Duration.ofMinutes(5), t.rpo(Scenario.REDIS_FAILURE));
        assertEquals(Duration.ofHours(1), t.rpo(Scenario.DATABASE_FAILURE), "the guide's");
        ObjectiveTargets none = new ObjectiveTargets(null, "");
        assertEquals(Duration.ofMinutes(5), none.rto(Scenario.APPLICATION_FAILURE));
        assertEquals(Duration.ZERO, none.rpo(Scenario.APPLICATION_FAILURE));
    }

    @Test
    void aBadNameOrDurationNamesTheVariable() {
        IllegalArgumentException name =
                assertThrows(IllegalArgumentException.class, () -> new ObjectiveTargets("databse_failure=20m", null));
        assertTrue(
                name.getMessage().startsWith("BACKUP_DR_RTO: unknown scenario 'databse_failure'"), name.getMessage());
        assertTrue(name.getMessage().contains("database_failure"), name.getMessage());
        IllegalArgumentException value =
                assertThrows(IllegalArgumentException.class, () -> new ObjectiveTargets(null, "redis_failure=soon"));
        assertTrue(value.getMessage().startsWith("BACKUP_DR_RPO"), value.getMessage());
    }
}
