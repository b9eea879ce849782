package com.textloom.backup.monitor.state;

import java.time.Instant;
import java.util.Map;

/**
 * An alert as the monitor sees it after replaying the alerts topic. Immutable; a change makes a new value.
 *
 * @param alertId        unique id of this occurrence
 * @param fingerprint    stable id of the condition (same condition, same fingerprint)
 * @param rule           rule that raised it
 * @param severity       info, warning, critical
 * @param subject        what it is about (a component, a backend, a service, a path)
 * @param repository     repository concerned (the Kafka key of the alert events), "*" for the whole suite
 * @param component      component concerned, null when none
 * @param message        human message
 * @param raisedAt       when it was raised
 * @param notifications  how many notifications were published for it (1 = the first one)
 * @param lastNotifiedAt when the latest of them was published
 * @param acknowledgedAt when someone acknowledged it, null if nobody did
 * @param acknowledgedBy who acknowledged it
 * @param resolvedAt     when the condition cleared, null while active
 */
public record Alert(
        String alertId,
        String fingerprint,
        String rule,
        String severity,
        String subject,
        String repository,
        String component,
        String message,
        Instant raisedAt,
        int notifications,
        Instant lastNotifiedAt,
        Instant acknowledgedAt,
        String acknowledgedBy,
        Instant resolvedAt) {

    /** A label of AlertRaised that carries {@link #subject()}. */
    public static final String SUBJECT_LABEL = "subject";

    /** A newly raised alert (first notification). */
    public static Alert raised(
            String alertId,
            String fingerprint,
            String rule,
            String severity,
            String subject,
            String repository,
            String component,
            String message,
            Instant at) {
        return new Alert(
                alertId,
                fingerprint,
                rule,
                severity,
                subject,
                repository,
                component,
                message,
                at,
                1,
                at,
                null,
                null,
                null);
    }

    /** Lifecycle state as shown in the API: active, acknowledged or resolved. */
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

    /** Labels published with AlertRaised. */
    public Map<String, String> labels() {
        return Map.of(SUBJECT_LABEL, subject);
    }

    Alert notified(int notification, Instant at) {
        return new Alert(
                alertId,
                fingerprint,
                rule,
                severity,
                subject,
                repository,
                component,
                message,
                raisedAt,
                notification,
                at,
                acknowledgedAt,
                acknowledgedBy,
                resolvedAt);
    }

    Alert acknowledged(Instant at, String by) {
        return new Alert(
                alertId,
                fingerprint,
                rule,
                severity,
                subject,
                repository,
                component,
                message,
                raisedAt,
                notifications,
                lastNotifiedAt,
                at,
                by,
                resolvedAt);
    }

    Alert resolved(Instant at) {
        return new Alert(
                alertId,
                fingerprint,
                rule,
                severity,
                subject,
                repository,
                component,
                message,
                raisedAt,
                notifications,
                lastNotifiedAt,
                acknowledgedAt,
                acknowledgedBy,
                at);
    }
}
