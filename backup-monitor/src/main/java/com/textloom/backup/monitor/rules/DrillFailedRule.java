package com.textloom.backup.monitor.rules;

import java.util.List;

/**
 * The newest drill of a scenario did not succeed (a step failed, or the restored data differed from what was
 * recorded): the scenario's recovery is not proven. Warning. Cleared by the next successful drill of that scenario.
 */
public final class DrillFailedRule implements Rule {

    public static final String NAME = "drill_failed";

    @Override
    public List<Condition> evaluate(RuleContext ctx) {
        return ctx.state().failingDrills().values().stream()
                .map(r -> Condition.of(NAME, Condition.WARNING, r.scenario(), r.repository(), null, r.outcome()))
                .toList();
    }
}
