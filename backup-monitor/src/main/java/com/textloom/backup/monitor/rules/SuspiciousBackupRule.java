package com.textloom.backup.monitor.rules;

import java.util.List;

/**
 * A backup reported success but looks wrong: empty, or far smaller in bytes or files than the previous
 * successful one of the same component (threshold BACKUP_MONITOR_SUSPICIOUS_DROP, default 0.5). Cleared by
 * the next successful backup of that component that is not suspicious.
 */
public final class SuspiciousBackupRule implements Rule {

    public static final String NAME = "backup_suspicious";

    @Override
    public List<Condition> evaluate(RuleContext ctx) {
        return ctx.state().suspicious().stream()
                .map(s -> Condition.of(
                        NAME,
                        Condition.WARNING,
                        s.repository() + "/" + s.component(),
                        s.repository(),
                        s.component(),
                        "Suspicious backup " + s.backupId() + ": " + s.reason()))
                .toList();
    }
}
