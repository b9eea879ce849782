package com.textloom.backup.monitor.rules;

import java.util.List;

/** Another service of the suite does not answer 200 on its {@code /q/health/ready}. */
public final class ServiceUnhealthyRule implements Rule {

    public static final String NAME = "service_unhealthy";

    @Override
    public List<Condition> evaluate(RuleContext ctx) {
        return Condition.criticalWhereDown(
                NAME,
                ctx.probes().services(),
                p -> null,
                p -> "Service " + p.name() + " is not ready (" + p.target() + "): " + p.detail());
    }
}
