package com.textloom.backup.monitor.state;

import java.time.Instant;

/**
 * An alert as the monitor sees it after replaying the alerts topic. Immutable; a change makes a new value.
 *
 * @param alertId        unique id of this occurrence
 * @param fingerprint    stable id of the condition (same condition, same fingerprint)
 * @param rule           rule that raised it
 * @param severity       info, warning, critical
 * @param subject        what it is about (a component, a backend, a service, a path)
 * @param repository     repository concerned (the Kafka key of the alert events)
 * @param message        human message
 * @param raisedAt       when it was raised
 * @param acknowledgedAt when someone acknowledged it, null if nobody did
 * @param acknowledgedBy who acknowledged it
 * @param resolvedAt     when the condition cleared, null while active
 */
public record Alert(String alertId, String fingerprint, String rule, String severity, String subject,
                    String repository, String message, Instant raisedAt, Instant acknowledgedAt,
                    String acknowledgedBy, Instant resolvedAt) {

    /** Lifecycle state as shown in the API. */
    public String status() {
        if (resolvedAt != null) {
            return "resolved";
        }
        return acknowledgedAt != null ? "acknowledged" : "active";
    }

    /** Active means not resolved (acknowledged alerts are still active). */
    public boolean active() {
        return resolvedAt == null;
    }

    Alert acknowledged(Instant at, String by) {
        return new Alert(alertId, fingerprint, rule, severity, subject, repository, message, raisedAt, at, by,
                resolvedAt);
    }

    Alert resolved(Instant at) {
        return new Alert(alertId, fingerprint, rule, severity, subject, repository, message, raisedAt,
                acknowledgedAt, acknowledgedBy, at);
    }
}
