package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A person acknowledged an alert ({@code POST /api/alerts/{alert_id}/acknowledge}); it stops re-notifying.
 *
 * @param alertId        the alert acknowledged
 * @param fingerprint    its fingerprint, null when the acknowledger did not know it
 * @param repository     the repository concerned (the Kafka key)
 * @param acknowledgedBy who acknowledged: the API key's name or {@code anonymous}
 * @param acknowledgedAt when
 * @param comment        optional note
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertAcknowledged(
        String alertId,
        String fingerprint,
        String repository,
        String acknowledgedBy,
        Instant acknowledgedAt,
        String comment)
        implements SuiteEvent {

    public AlertAcknowledged {
        Require.text(alertId, "alert_id");
        Require.text(repository, "repository");
        Require.text(acknowledgedBy, "acknowledged_by");
        Require.present(acknowledgedAt, "acknowledged_at");
    }
}
