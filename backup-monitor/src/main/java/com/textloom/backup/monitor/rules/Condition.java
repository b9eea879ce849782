package com.textloom.backup.monitor.rules;

/**
 * A condition that currently holds and deserves an alert.
 *
 * @param fingerprint stable identity: the same condition always has the same fingerprint, so it raises
 *                    one alert while it lasts ({@code rule:subject})
 * @param rule        the rule's name
 * @param severity    info, warning or critical
 * @param subject     what it is about
 * @param repository  repository concerned, or "*" for the suite as a whole
 * @param component   component concerned, null when none
 * @param message     human message
 */
public record Condition(
        String fingerprint,
        String rule,
        String severity,
        String subject,
        String repository,
        String component,
        String message) {

    public static final String WARNING = "warning";
    public static final String CRITICAL = "critical";

    /** Builds a condition whose fingerprint is {@code rule:subject}. */
    public static Condition of(
            String rule, String severity, String subject, String repository, String component, String message) {
        return new Condition(rule + ":" + subject, rule, severity, subject, repository, component, message);
    }
}
