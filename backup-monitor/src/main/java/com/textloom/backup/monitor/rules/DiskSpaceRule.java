package com.textloom.backup.monitor.rules;

import com.textloom.backup.monitor.probe.DiskUsage;
import java.util.List;

/** Disk usage of the backup volume over the warning threshold (critical over the critical one). */
public final class DiskSpaceRule implements Rule {

    public static final String NAME = "disk_usage_high";

    @Override
    public List<Condition> evaluate(RuleContext ctx) {
        DiskUsage d = ctx.probes().disk();
        if (d == null || d.error() != null || d.usedPercent() < ctx.settings().diskWarningPercent()) {
            return List.of();
        }
        boolean critical = d.usedPercent() >= ctx.settings().diskCriticalPercent();
        double threshold =
                critical ? ctx.settings().diskCriticalPercent() : ctx.settings().diskWarningPercent();
        return List.of(Condition.of(
                NAME,
                critical ? Condition.CRITICAL : Condition.WARNING,
                d.path(),
                "*",
                null,
                String.format(
                        "Backup volume %s is %.1f%% full (threshold %.0f%%)", d.path(), d.usedPercent(), threshold)));
    }
}
