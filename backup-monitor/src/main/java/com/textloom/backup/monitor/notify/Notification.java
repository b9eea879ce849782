package com.textloom.backup.monitor.notify;

import com.textloom.backup.monitor.state.Alert;
import java.time.Instant;

/**
 * One message to the on-call person.
 *
 * @param kind  raised, reminder, resolved or test
 * @param alert the alert (for a test: a synthetic one)
 * @param at    when it is sent
 */
public record Notification(String kind, Alert alert, Instant at) {

    /** One-line subject: {@code [CRITICAL] backup_failed: ...}. */
    public String subject() {
        String state = switch (kind) {
            case "resolved" -> "RESOLVED";
            case "reminder" -> "REMINDER " + alert.severity().toUpperCase();
            case "test" -> "TEST";
            default -> alert.severity().toUpperCase();
        };
        return "[TextLoom Backup] [" + state + "] " + alert.rule() + ": " + alert.subject();
    }

    /** Plain-text body with the message and the facts. */
    public String body() {
        return alert.message() + "\n\n"
                + "alert_id: " + alert.alertId() + "\n"
                + "rule: " + alert.rule() + "\n"
                + "severity: " + alert.severity() + "\n"
                + "status: " + (kind.equals("resolved") ? "resolved" : alert.status()) + "\n"
                + "raised_at: " + alert.raisedAt() + "\n"
                + (alert.resolvedAt() != null ? "resolved_at: " + alert.resolvedAt() + "\n" : "")
                + "\nAcknowledge: POST /api/alerts/" + alert.alertId()
                + "/acknowledge on the backup monitor (port 8081)\n";
    }
}
