package com.textloom.backup.recovery.engine;

import com.textloom.backup.recovery.catalog.BackupInfo;
import com.textloom.backup.recovery.run.RunPlan;
import java.util.List;

/**
 * A scenario turned into steps for one request: what the report shows as {@code plan}, the backup chosen, and the
 * steps in order.
 */
public record Plan(RunPlan summary, BackupInfo backup, List<PlannedStep> steps) {
    public Plan {
        steps = List.copyOf(steps);
    }
}
