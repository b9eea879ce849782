package com.textloom.backup.monitor.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/**
 * A record, written to the monitor's notifications topic BEFORE a notification is sent, saying that one
 * monitor instance sends it. Every instance replays these, so no instance (nor a restarted one, nor a new
 * leader) sends the same notification again: a notification is identified by {@link #key()}.
 *
 * @param alertId   the alert notified about
 * @param kind      raised, reminder or resolved
 * @param sequence  0 for raised and resolved, 1.. for reminders
 * @param claimedAt when the claim was written
 * @param node      the monitor instance that sends it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record NotificationClaim(String alertId, String kind, int sequence, Instant claimedAt, String node) {

    public static final String RAISED = "raised";
    public static final String REMINDER = "reminder";
    public static final String RESOLVED = "resolved";

    /** Identity of the notification: one claim per key, ever. */
    public String key() {
        return alertId + "/" + kind + "/" + sequence;
    }
}
