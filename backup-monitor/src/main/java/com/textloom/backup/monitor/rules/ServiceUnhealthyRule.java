package com.textloom.backup.monitor.rules;

import java.util.List;

/** Another service of the suite does not answer 200 on its {@code /q/health/ready}. */
public final class ServiceUnhealthyRule implements Rule {

    public static final String NAME = "service_unhealthy";

    @Override
    public List<Condition> evaluate(RuleContext ctx) {
        return ctx.probes().services().stream()
                .filter(p -> !p.up())
                .map(p -> Condition.of(
                        NAME,
                        Condition.CRITICAL,
                        p.name(),
                        "*",
                        null,
                        "Service " + p.name() + " is not ready (" + p.target() + "): " + p.detail()))
                .toList();
    }
}
