package com.textloom.backup.recovery.assess;

import com.textloom.backup.recovery.scenario.Scenario;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one check found, built while it runs: the worst status met, the sentences of the detail, the facts, the
 * scenarios its failures point at and the recommendations. Not thread-safe: one per check run.
 */
final class CheckReport {

    static final String HEALTHY = "healthy";
    static final String DEGRADED = "degraded";
    static final String CRITICAL = "critical";
    static final String SKIPPED = "skipped";

    private final String name;
    private final long startNanos = System.nanoTime();
    private final Instant checkedAt = Instant.now();
    private final Map<String, Object> facts = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Set<Scenario> failures = new LinkedHashSet<>();
    private final List<String> recommendations = new ArrayList<>();
    private String status = HEALTHY;
    private String summary;

    CheckReport(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** A figure behind the status (snake_case key). */
    CheckReport fact(String key, Object value) {
        if (value != null) {
            facts.put(key, value);
        }
        return this;
    }

    /** What was found when all is well (shown when nothing is wrong). */
    CheckReport summary(String text) {
        this.summary = text;
        return this;
    }

    /** A warning: the part works but something needs attention. */
    CheckReport degraded(String problem) {
        problems.add(problem);
        if (HEALTHY.equals(status)) {
            status = DEGRADED;
        }
        return this;
    }

    /** The part is down or lost data; {@code scenario} is the recovery that answers it (null: none). */
    CheckReport critical(String problem, Scenario scenario) {
        problems.add(problem);
        status = CRITICAL;
        if (scenario != null) {
            failures.add(scenario);
        }
        return this;
    }

    /** The check did not run: not configured. */
    CheckReport skipped(String why) {
        status = SKIPPED;
        summary = why;
        return this;
    }

    CheckReport recommend(String sentence) {
        if (!recommendations.contains(sentence)) {
            recommendations.add(sentence);
        }
        return this;
    }

    String status() {
        return status;
    }

    CheckResult done() {
        String detail = problems.isEmpty() ? summary : String.join("; ", problems);
        long latency = (System.nanoTime() - startNanos) / 1_000_000;
        return new CheckResult(
                new ServiceCheck(name, status, detail, latency, checkedAt, facts),
                List.copyOf(failures),
                List.copyOf(recommendations));
    }

    /**
     * One check's outcome.
     *
     * @param failures        the scenarios its critical findings point at
     * @param recommendations what to do about its findings, most urgent first
     */
    record CheckResult(ServiceCheck check, List<Scenario> failures, List<String> recommendations) {}
}
