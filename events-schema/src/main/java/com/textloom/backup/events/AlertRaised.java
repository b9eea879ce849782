package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Map;

/**
 * The monitor found a condition that needs a person. Raised once per condition: the same
 * {@code fingerprint} is not raised again while the alert is active; a re-notification of an active,
 * unacknowledged alert is published with the same {@code alertId} and a higher {@code notification}.
 *
 * @param alertId      id of this alert (stable while it is active)
 * @param fingerprint  stable hash of rule + labels that identifies the condition
 * @param rule         the rule that fired: backup_failed, rpo_exceeded, disk_usage_high, storage_unreachable,
 *                     verify_damage, service_unhealthy, backup_suspicious, ...
 * @param severity     info, warning or critical
 * @param message      human-readable text for the notification
 * @param repository   the repository concerned (the Kafka key)
 * @param component    the component concerned (database, redis, ...), null when none
 * @param tier         the backup type/tier concerned, null when none
 * @param raisedAt     when the condition was first found
 * @param notification 1 for the first notification, 2, 3 ... for re-notifications
 * @param labels       further dimensions (service, backend, backup_id ...), string to string
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertRaised(
        String alertId,
        String fingerprint,
        String rule,
        Severity severity,
        String message,
        String repository,
        String component,
        String tier,
        Instant raisedAt,
        int notification,
        Map<String, String> labels)
        implements SuiteEvent {

    public AlertRaised {
        Require.text(alertId, "alert_id");
        Require.text(fingerprint, "fingerprint");
        Require.text(rule, "rule");
        Require.present(severity, "severity");
        Require.text(message, "message");
        Require.text(repository, "repository");
        Require.present(raisedAt, "raised_at");
        if (notification < 1) {
            throw new IllegalArgumentException("notification must be 1 or more, got " + notification);
        }
        labels = Require.map(labels);
    }
}
