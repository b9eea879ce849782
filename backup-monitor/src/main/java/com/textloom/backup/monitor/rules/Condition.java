package com.textloom.backup.monitor.rules;

import com.textloom.backup.monitor.probe.ProbeStatus;
import java.util.List;
import java.util.function.Function;

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

    /**
     * A critical condition of {@code rule} for each of {@code probes} that is not up, about the probe's name, for the
     * suite as a whole ({@code "*"}), with the component and the message the functions give for the probe.
     */
    public static List<Condition> criticalWhereDown(
            String rule,
            List<ProbeStatus> probes,
            Function<ProbeStatus, String> component,
            Function<ProbeStatus, String> message) {
        return probes.stream()
                .filter(p -> !p.up())
                .map(p -> of(rule, CRITICAL, p.name(), "*", component.apply(p), message.apply(p)))
                .toList();
    }
}
