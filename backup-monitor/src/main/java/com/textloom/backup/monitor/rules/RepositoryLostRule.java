package com.textloom.backup.monitor.rules;

import java.util.List;

/**
 * The repository the backup manager backs up into is lost (its directory or {@code config} gone) or replaced (another
 * repository there), as the manager's {@code /q/health/well} reports it: every backup fails from then on, so this is
 * raised at the next probe instead of waiting for the next scheduled backup's {@code backup_failed}. It clears when the
 * manager finds its repository again (restored from a remote copy, disaster recovery's storage_failure) or the operator
 * accepted a new one ({@code POST /api/repository/accept-new}).
 */
public final class RepositoryLostRule implements Rule {

    public static final String NAME = "repository_lost";

    @Override
    public List<Condition> evaluate(RuleContext ctx) {
        return Condition.criticalWhereDown(
                NAME,
                ctx.probes().repositories(),
                p -> null,
                p -> "The repository " + p.name() + " backs up into is " + p.detail());
    }
}
