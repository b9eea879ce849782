package com.textloom.backup.monitor.rules;

import com.textloom.backup.monitor.state.BackupResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A backup failed (critical) or was partial (warning), for a component or as a whole, and no later
 * success of the same repository and component cleared it.
 */
public final class BackupFailedRule implements Rule {

    public static final String NAME = "backup_failed";

    @Override
    public List<Condition> evaluate(RuleContext ctx) {
        List<Condition> out = new ArrayList<>();
        for (Map.Entry<String, BackupResult> e : ctx.state().failing().entrySet()) {
            BackupResult b = e.getValue();
            String component = e.getKey().substring(e.getKey().indexOf('/') + 1);
            boolean whole = component.equals("*");
            String why = whole
                    ? b.error()
                    : b.components().stream()
                            .filter(c -> c.component().equals(component))
                            .map(BackupResult.ComponentOutcome::error)
                            .filter(x -> x != null)
                            .findFirst()
                            .orElse(b.error());
            String severity = b.status() == BackupResult.Status.PARTIAL ? Condition.WARNING : Condition.CRITICAL;
            String message = (whole
                            ? "Backup " + b.backupId() + " of repository " + b.repository() + " failed"
                            : "Backup of " + component + " failed in " + b.backupId() + " ("
                                    + b.status().name().toLowerCase() + ", repository " + b.repository() + ")")
                    + (why == null ? "" : ": " + why);
            out.add(Condition.of(
                    NAME,
                    severity,
                    b.repository() + "/" + component,
                    b.repository(),
                    whole ? null : component,
                    message));
        }
        return out;
    }
}
