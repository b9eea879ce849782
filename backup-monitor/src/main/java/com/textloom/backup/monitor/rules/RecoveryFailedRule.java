package com.textloom.backup.monitor.rules;

import java.util.List;

/**
 * The newest recovery of a scenario (not a dry run) did not succeed: critical, since what it should have brought
 * back may still be down. Cleared by the next successful recovery of that scenario.
 */
public final class RecoveryFailedRule implements Rule {

    public static final String NAME = "recovery_failed";

    @Override
    public List<Condition> evaluate(RuleContext ctx) {
        return ctx.state().failingRecoveries().values().stream()
                .map(r -> Condition.of(NAME, Condition.CRITICAL, r.scenario(), r.repository(), null, r.outcome()))
                .toList();
    }
}
