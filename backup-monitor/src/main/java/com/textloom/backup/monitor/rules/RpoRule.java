package com.textloom.backup.monitor.rules;

import com.textloom.backup.monitor.state.ComponentSuccess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * No successful backup of a component within its RPO (the guide's table: database 1 h, redis 15 min ...).
 * The age is that of the newest successful backup of the component in any repository; a component never
 * backed up counts from the earliest of the monitor's start and the first event it saw.
 */
public final class RpoRule implements Rule {

    public static final String NAME = "rpo_exceeded";

    @Override
    public List<Condition> evaluate(RuleContext ctx) {
        List<Condition> out = new ArrayList<>();
        Instant origin = ctx.origin();
        for (Map.Entry<String, Duration> rpo : ctx.settings().rpo().entrySet()) {
            String component = rpo.getKey();
            Instant last = ctx.state().lastSuccesses().stream()
                    .filter(s -> s.component().equals(component))
                    .map(ComponentSuccess::at)
                    .max(Instant::compareTo)
                    .orElse(null);
            Instant since = last != null ? last : origin;
            Duration age = Duration.between(since, ctx.now());
            if (age.compareTo(rpo.getValue()) > 0) {
                String message = last == null
                        ? "No successful backup of " + component + " yet; its RPO is " + human(rpo.getValue())
                        : "Last successful backup of " + component + " is " + human(age) + " old, over its RPO of "
                                + human(rpo.getValue());
                out.add(Condition.of(NAME, Condition.CRITICAL, component, "*", component, message));
            }
        }
        return out;
    }

    /** 32d, 1d 2h, 1h 5m, 15m, 30s. */
    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s >= 86_400) {
            long days = s / 86_400;
            long hours = (s % 86_400) / 3600;
            return days + "d" + (hours > 0 ? " " + hours + "h" : "");
        }
        long h = s / 3600;
        long m = (s % 3600) / 60;
        return (h > 0 ? h + "h" : "") + (h > 0 && m > 0 ? " " : "") + (m > 0 || h == 0 ? m + "m" : "");
    }
}
