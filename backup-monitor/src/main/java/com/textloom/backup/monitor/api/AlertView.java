package com.textloom.backup.monitor.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.textloom.backup.monitor.state.Alert;
import java.time.Instant;

/** An alert in the API (snake_case). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AlertView(
        String alertId,
        String fingerprint,
        String rule,
        String severity,
        String status,
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

    public static AlertView of(Alert a) {
        return new AlertView(
                a.alertId(),
                a.fingerprint(),
                a.rule(),
                a.severity(),
                a.status(),
                a.subject(),
                a.repository(),
                a.component(),
                a.message(),
                a.raisedAt(),
                a.notifications(),
                a.lastNotifiedAt(),
                a.acknowledgedAt(),
                a.acknowledgedBy(),
                a.resolvedAt());
    }
}
