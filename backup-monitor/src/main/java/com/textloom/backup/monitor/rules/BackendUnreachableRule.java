package com.textloom.backup.monitor.rules;

import com.textloom.backup.monitor.state.BackupResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A storage backend is unreachable: its probe failed, or the newest copy of a backup to it failed
 * (the copy's error says why).
 */
public final class BackendUnreachableRule implements Rule {

    public static final String NAME = "storage_unreachable";

    @Override
    public List<Condition> evaluate(RuleContext ctx) {
        Map<String, Condition> out = new LinkedHashMap<>();
        for (Condition c : Condition.criticalWhereDown(
                NAME,
                ctx.probes().backends(),
                p -> null,
                p -> "Storage backend " + p.name() + " (" + p.target() + ") is unreachable: " + p.detail())) {
            out.put(c.subject(), c);
        }
        Map<String, BackupResult.RemoteCopyOutcome> latestCopy = new LinkedHashMap<>();
        ctx.state().backups().stream()
                .sorted(Comparator.comparing(BackupResult::completedAt))
                .forEach(b -> b.remoteCopies().forEach(c -> latestCopy.put(c.backend(), c)));
        for (BackupResult.RemoteCopyOutcome c : latestCopy.values()) {
            if (!c.success() && !out.containsKey(c.backend())) {
                out.put(
                        c.backend(),
                        Condition.of(
                                NAME,
                                Condition.CRITICAL,
                                c.backend(),
                                "*",
                                null,
                                "Copy of the latest backup to storage backend " + c.backend() + " failed"
                                        + (c.error() == null ? "" : ": " + c.error())));
            }
        }
        return new ArrayList<>(out.values());
    }
}
