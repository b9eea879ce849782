package com.textloom.backup.monitor.rules;

import com.textloom.backup.monitor.state.RecoveryRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scenario of {@code BACKUP_MONITOR_DRILL_PERIOD} has had no successful drill within its period (by default the
 * scheduler's monthly restore test and quarterly DR drill, plus a day). A scenario never drilled counts from
 * {@link RuleContext#origin()} (this monitor's start or the first event it saw), never from the epoch: a fresh install
 * raises nothing until a whole period has passed. Warning. Cleared by a successful drill of the scenario.
 */
public final class DrillOverdueRule implements Rule {

    public static final String NAME = "drill_overdue";

    @Override
    public List<Condition> evaluate(RuleContext ctx) {
        List<Condition> out = new ArrayList<>();
        Map<String, RecoveryRun> good = ctx.state().lastGoodDrills();
        overdue(ctx).forEach((scenario, age) -> {
            Duration period = ctx.settings().drillPeriods().get(scenario);
            RecoveryRun last = good.get(scenario);
            String message = last == null
                    ? "No successful drill of " + scenario + " for " + RpoRule.human(age) + "; its period is "
                            + RpoRule.human(period)
                    : "Last successful drill of " + scenario + " (" + last.id() + ") is " + RpoRule.human(age)
                            + " old, over its period of " + RpoRule.human(period);
            out.add(Condition.of(NAME, Condition.WARNING, scenario, "*", null, message));
        });
        return out;
    }

    /** The overdue scenarios and how long each has gone without a successful drill, by scenario name. */
    public static Map<String, Duration> overdue(RuleContext ctx) {
        Map<String, Duration> out = new LinkedHashMap<>();
        Map<String, RecoveryRun> good = ctx.state().lastGoodDrills();
        Instant origin = ctx.origin();
        new TreeMap<>(ctx.settings().drillPeriods()).forEach((scenario, period) -> {
            RecoveryRun last = good.get(scenario);
            Duration age = Duration.between(last == null ? origin : last.completedAt(), ctx.now());
            if (age.compareTo(period) > 0) {
                out.put(scenario, age);
            }
        });
        return out;
    }
}
