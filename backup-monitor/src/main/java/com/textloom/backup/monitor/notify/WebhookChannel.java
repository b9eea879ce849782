package com.textloom.backup.monitor.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.textloom.backup.monitor.state.Alert;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A generic JSON webhook: POSTs {@code {"event": "raised|reminder|resolved|test", "alert": {...}}} with
 * the alert in the API's snake_case shape.
 */
public final class WebhookChannel implements NotificationChannel {

    private final URI url;
    private final ObjectMapper json;
    private final HttpPost http;

    public WebhookChannel(URI url, ObjectMapper json, Duration timeout) {
        this.url = url;
        this.json = json;
        this.http = new HttpPost(timeout);
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public void send(Notification n) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", n.kind());
        body.put("sent_at", n.at().toString());
        body.put("summary", n.subject());
        body.put("alert", AlertJson.of(n.alert()));
        http.postJson(url, json.writeValueAsString(body), name());
    }

    /** The alert as a snake_case map (the API's shape). */
    public static final class AlertJson {
        private AlertJson() {}

        public static Map<String, Object> of(Alert a) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("alert_id", a.alertId());
            m.put("fingerprint", a.fingerprint());
            m.put("rule", a.rule());
            m.put("severity", a.severity());
            m.put("status", a.status());
            m.put("subject", a.subject());
            m.put("repository", a.repository());
            m.put("message", a.message());
            m.put("raised_at", a.raisedAt() == null ? null : a.raisedAt().toString());
            m.put(
                    "acknowledged_at",
                    a.acknowledgedAt() == null ? null : a.acknowledgedAt().toString());
            m.put("acknowledged_by", a.acknowledgedBy());
            m.put("resolved_at", a.resolvedAt() == null ? null : a.resolvedAt().toString());
            return m;
        }
    }
}
