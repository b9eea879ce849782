package com.textloom.backup.recovery.auto;

import com.textloom.backup.events.AlertRaised;
import com.textloom.backup.events.Severity;
import com.textloom.backup.recovery.scenario.Scenario;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which of the guide's scenarios a monitor alert points at. The alert is a reason to assess now, not the evidence:
 * the automatic recovery acts only on failures its own assessment shows.
 *
 * <table>
 *   <caption>alert → scenario</caption>
 *   <tr><th>alert</th><th>scenario</th></tr>
 *   <tr><td>component {@code database}, or label {@code service} postgresql / database</td><td>database_failure</td></tr>
 *   <tr><td>component {@code redis}, or label {@code service} redis</td><td>redis_failure</td></tr>
 *   <tr><td>label {@code service} textloom / application / app</td><td>application_failure</td></tr>
 *   <tr><td>rules {@code storage_unreachable}, {@code verify_damage}, {@code disk_usage_high}</td><td>storage_failure</td></tr>
 *   <tr><td>rule {@code protected_service_failed} (the monitor relaying this service's assessment), label
 *       {@code subject} postgresql / redis / application / storage</td><td>that part's scenario</td></tr>
 * </table>
 * Info alerts and re-notifications ({@code notification} &gt; 1) point at nothing.
 */
public final class AlertScenarios {
    private static final Set<String> STORAGE_RULES = Set.of("storage_unreachable", "verify_damage", "disk_usage_high");
    /** The monitor's rule for a protected part critical in this service's assessment; label subject = the check. */
    static final String PROTECTED_RULE = "protected_service_failed";

    private AlertScenarios() {}

    /** The scenario {@code alert} points at, if any. */
    public static Optional<Scenario> of(AlertRaised alert) {
        if (alert.severity() == Severity.INFO || alert.notification() > 1) {
            return Optional.empty();
        }
        String component = lower(alert.component());
        String service = lower(alert.labels().get(PROTECTED_RULE.equals(alert.rule()) ? "subject" : "service"));
        if (component.equals("database") || service.equals("postgresql") || service.equals("database")) {
            return Optional.of(Scenario.DATABASE_FAILURE);
        }
        if (component.equals("redis") || service.equals("redis")) {
            return Optional.of(Scenario.REDIS_FAILURE);
        }
        if (service.equals("textloom") || service.equals("application") || service.equals("app")) {
            return Optional.of(Scenario.APPLICATION_FAILURE);
        }
        if (STORAGE_RULES.contains(alert.rule()) || service.equals("storage")) {
            return Optional.of(Scenario.STORAGE_FAILURE);
        }
        return Optional.empty();
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
