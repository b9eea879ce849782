package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * The condition behind an alert cleared.
 *
 * @param alertId     the alert resolved
 * @param fingerprint its fingerprint
 * @param rule        the rule that had fired
 * @param repository  the repository concerned (the Kafka key)
 * @param resolvedAt  when the condition was found cleared
 * @param message     why it is resolved (e.g. "a successful database backup arrived")
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertResolved(
        String alertId, String fingerprint, String rule, String repository, Instant resolvedAt, String message)
        implements SuiteEvent {

    public AlertResolved {
        Require.text(alertId, "alert_id");
        Require.text(fingerprint, "fingerprint");
        Require.text(rule, "rule");
        Require.text(repository, "repository");
        Require.present(resolvedAt, "resolved_at");
    }
}
