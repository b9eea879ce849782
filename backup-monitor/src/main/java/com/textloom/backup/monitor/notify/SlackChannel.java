package com.textloom.backup.monitor.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Slack incoming webhook (BACKUP_SLACK_WEBHOOK_URL): POSTs {@code {"channel": BACKUP_SLACK_CHANNEL,
 * "text": "..."}}. The webhook URL is a secret: it is never logged.
 */
public final class SlackChannel implements NotificationChannel {

    private final URI url;
    private final String channel;
    private final ObjectMapper json;
    private final HttpPost http;

    public SlackChannel(URI url, String channel, ObjectMapper json, Duration timeout) {
        this.url = url;
        this.channel = channel;
        this.json = json;
        this.http = new HttpPost(timeout);
    }

    @Override
    public String name() {
        return "slack";
    }

    @Override
    public void send(Notification n) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        if (channel != null && !channel.isBlank()) {
            body.put("channel", channel);
        }
        String icon = switch (n.kind()) {
            case "resolved" -> ":white_check_mark:";
            case "test" -> ":information_source:";
            default -> n.alert().severity().equals("critical") ? ":rotating_light:" : ":warning:";
        };
        body.put(
                "text",
                icon + " *" + n.subject() + "*\n" + n.alert().message() + "\n`alert_id: "
                        + n.alert().alertId() + "`");
        http.postJson(url, json.writeValueAsString(body), name());
    }
}
