package com.textloom.backup.monitor.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every alert rule of the monitor, evaluated together. */
public final class Rules {

    private final List<Rule> rules;

    public Rules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** All the rules the monitor knows. */
    public static Rules all() {
        return new Rules(List.of(
                new BackupFailedRule(),
                new RpoRule(),
                new DiskSpaceRule(),
                new BackendUnreachableRule(),
                new VerifyDamageRule(),
                new ServiceUnhealthyRule(),
                new SuspiciousBackupRule(),
                new RecoveryFailedRule(),
                new DrillFailedRule(),
                new RtoExceededRule(),
                new DrillOverdueRule(),
                new ProtectedServiceFailedRule(),
                new RepositoryLostRule()));
    }

    /** The conditions that hold now, by fingerprint. */
    public Map<String, Condition> evaluate(RuleContext ctx) {
        Map<String, Condition> out = new LinkedHashMap<>();
        for (Rule r : rules) {
            for (Condition c : r.evaluate(ctx)) {
                out.putIfAbsent(c.fingerprint(), c);
            }
        }
        return out;
    }
}
