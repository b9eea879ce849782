package com.textloom.backup.recovery.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.textloom.backup.recovery.engine.PlannedStep;
import com.textloom.backup.recovery.engine.StepOutcome;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A hook step without its hook: the dry run says what the real run will say (a person must act, naming the
 * variable), not {@code would <what a person must do>}, which read as if the service would do it (found in dr9's
 * new-user walk-through: {@code restart_database skipped: dry run: would restart the application ...} with no
 * BACKUP_DR_POSTGRES_RESTART_COMMAND set).
 */
class HookStepTest {
    private static final String MANUALLY = "restart the application (or its connection pools) so it reconnects";

    @Test
    void aMissingHookIsManualInTheDryRunAsInTheRealRun() throws Exception {
        PlannedStep step = new Steps()
                .hook(
                        "restart_database",
                        "BACKUP_DR_POSTGRES_RESTART_COMMAND",
                        Optional.empty(),
                        "restart PostgreSQL",
                        MANUALLY);
        StepOutcome real = step.action().run(null);
        assertEquals("manual", real.status());
        assertNotNull(step.dryRunAction(), "a dry run reports the missing hook instead of `would <the manual text>`");
        assertEquals(real, step.dryRunAction().run(null));
        assertEquals("BACKUP_DR_POSTGRES_RESTART_COMMAND is not set: " + MANUALLY, real.detail());
    }

    @Test
    void aConfiguredHookIsOnlyDescribedInTheDryRun() {
        PlannedStep step = new Steps()
                .hook(
                        "restart_database",
                        "BACKUP_DR_POSTGRES_RESTART_COMMAND",
                        Optional.of("true"),
                        "restart PostgreSQL",
                        MANUALLY);
        assertEquals(null, step.dryRunAction(), "the engine reports `would <description>` and runs nothing");
        assertEquals("restart PostgreSQL (BACKUP_DR_POSTGRES_RESTART_COMMAND)", step.description());
    }
}
