package com.textloom.backup.monitor.rules;

import java.time.Duration;
import java.util.List;

/**
 * The newest successful drill of a scenario took longer than the scenario's RTO target (its measured RTO, as
 * disaster-recovery reported it in DrillCompleted). Warning. Cleared by the next successful drill within the target.
 */
public final class RtoExceededRule implements Rule {

    public static final String NAME = "rto_exceeded";

    @Override
    public List<Condition> evaluate(RuleContext ctx) {
        return ctx.state().slowDrills().values().stream()
                .map(d -> Condition.of(
                        NAME,
                        Condition.WARNING,
                        d.scenario(),
                        d.repository(),
                        null,
                        "Drill " + d.id() + " of " + d.scenario() + " took "
                                + RpoRule.human(Duration.ofMillis(d.durationMs())) + ", over its RTO target of "
                                + RpoRule.human(Duration.ofSeconds(d.rtoTargetSeconds()))))
                .toList();
    }
}
