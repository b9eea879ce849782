package com.textloom.backup.monitor.rules;

import java.util.List;

/**
 * A protected part of the application (PostgreSQL, Redis, the application, the backup storage) is critical in
 * disaster-recovery's latest assessment: down, or its data lost against the newest backup (a table emptied, a Redis
 * db flushed). The alert names the component ({@code database}, {@code redis}) so disaster-recovery maps it to its
 * scenario and, where the operator opted in, recovers it; it clears when an assessment finds the part healthy again.
 */
public final class ProtectedServiceFailedRule implements Rule {

    public static final String NAME = "protected_service_failed";

    @Override
    public List<Condition> evaluate(RuleContext ctx) {
        return Condition.criticalWhereDown(
                NAME,
                ctx.probes().protectedParts(),
                p -> component(p.name()),
                p -> "Protected service " + p.name() + " is critical in disaster-recovery's assessment: " + p.detail()
                        + " (scripts/disaster_recovery.sh assess)");
    }

    /** The backup component of a protected part, null when it has none of its own. */
    private static String component(String part) {
        return switch (part) {
            case "postgresql" -> "database";
            case "redis" -> "redis";
            default -> null;
        };
    }
}
