package com.textloom.backup.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.textloom.backup.monitor.config.MonitorConfig;
import com.textloom.backup.monitor.config.MonitorSettings;
import com.textloom.backup.monitor.engine.MonitorNode;
import com.textloom.backup.monitor.kafka.KafkaSettings;
import com.textloom.backup.monitor.metrics.MonitorMetrics;
import com.textloom.backup.monitor.notify.EmailChannel;
import com.textloom.backup.monitor.notify.NotificationChannel;
import com.textloom.backup.monitor.notify.Notifier;
import com.textloom.backup.monitor.notify.SlackChannel;
import com.textloom.backup.monitor.notify.WebhookChannel;
import com.textloom.backup.config.VariableValues;
import io.quarkus.mailer.Mailer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The service's one {@link MonitorNode}, built from configuration at start-up and closed at shutdown.
 * A bad variable stops start-up with a message naming it.
 */
@ApplicationScoped
public class MonitorService {

    @Inject
    MonitorConfig config;

    @Inject
    Mailer mailer;

    @Inject
    ObjectMapper json;

    @Inject
    MonitorMetrics metrics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private MonitorNode node;
    private List<String> channelNames = List.of();

    void start(@Observes StartupEvent event) {
        MonitorSettings settings = settings(config);
        MonitorConfig.Kafka k = config.kafka();
        KafkaSettings kafka = new KafkaSettings(bootstrapServers, k.backupEventsTopic(), k.alertsTopic(), k.leaderTopic(),
                k.leaderGroup(), settings.historyWindow().toMillis());
        MonitorConfig.Notify n = config.notifications();
        Notifier notifier = new Notifier(channels(n), n.retryAttempts(),
                VariableValues.duration("BACKUP_ALERT_RETRY_BACKOFF", n.retryBackoff()), metrics::notification);
        channelNames = notifier.channelNames();
        node = new MonitorNode(settings, kafka, notifier, Clock.systemUTC(), metrics::backup).start();
        metrics.bind(node);
    }

    void stop(@Observes ShutdownEvent event) {
        if (node != null) {
            node.close();
        }
    }

    /** Names of the enabled notification channels. */
    public List<String> channelNames() {
        return channelNames;
    }

    /** The running node. */
    public MonitorNode node() {
        return node;
    }

    private List<NotificationChannel> channels(MonitorConfig.Notify n) {
        Duration timeout = VariableValues.duration("BACKUP_ALERT_TIMEOUT", n.timeout());
        List<NotificationChannel> out = new ArrayList<>();
        if (n.emailEnabled()) {
            List<String> to = Arrays.stream(n.emailTo().orElse("").split(",")).map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
            if (to.isEmpty()) {
                throw new IllegalArgumentException("BACKUP_EMAIL_TO: required when BACKUP_EMAIL_ALERTS_ENABLED=true");
            }
            out.add(new EmailChannel(mailer, n.emailFrom(), to));
        }
        if (n.webhookEnabled()) {
            URI url = VariableValues.url("BACKUP_WEBHOOK_URL", n.webhookUrl().orElseThrow(() ->
                    new IllegalArgumentException("BACKUP_WEBHOOK_URL: required when BACKUP_WEBHOOK_ALERTS_ENABLED=true")));
            out.add(new WebhookChannel(url, json, timeout));
        }
        if (n.slackEnabled()) {
            URI url = VariableValues.url("BACKUP_SLACK_WEBHOOK_URL", n.slackWebhookUrl().orElseThrow(() ->
                    new IllegalArgumentException("BACKUP_SLACK_WEBHOOK_URL: required when BACKUP_SLACK_ALERTS_ENABLED=true")));
            out.add(new SlackChannel(url, n.slackChannel().orElse(null), json, timeout));
        }
        return out;
    }

    /** Reads and checks the thresholds. */
    static MonitorSettings settings(MonitorConfig c) {
        Duration interval = VariableValues.duration("BACKUP_MONITOR_INTERVAL", c.interval());
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("BACKUP_MONITOR_INTERVAL: must be at least 1 second, got " + c.interval());
        }
        if (c.historyDays() < 1) {
            throw new IllegalArgumentException("BACKUP_METRICS_RETENTION_DAYS: must be at least 1, got " + c.historyDays());
        }
        if (c.suspiciousDrop() <= 0 || c.suspiciousDrop() >= 1) {
            throw new IllegalArgumentException("BACKUP_MONITOR_SUSPICIOUS_DROP: must be between 0 and 1, got "
                    + c.suspiciousDrop());
        }
        Map<String, URI> backends = new LinkedHashMap<>();
        if (c.backends().filter(s -> !s.isBlank()).isPresent()) {
            backends.putAll(VariableValues.urls("BACKUP_MONITOR_BACKENDS", c.backends().get()));
        } else {
            c.minioEndpoint().filter(s -> !s.isBlank())
                    .ifPresent(e -> backends.put("minio", VariableValues.url("MINIO_ENDPOINT", e)));
            if (c.obsAccessKey().filter(s -> !s.isBlank()).isPresent()) {
                c.obsEndpoint().filter(s -> !s.isBlank()).ifPresent(e -> backends.put("obs",
                        VariableValues.url("OBS_ENDPOINT", e.contains("://") ? e : "https://" + e)));
            }
        }
        return new MonitorSettings(c.node().filter(s -> !s.isBlank()).orElseGet(MonitorService::hostName), interval,
                VariableValues.duration("BACKUP_ALERT_RENOTIFY_INTERVAL", c.renotifyInterval()), c.historyDays(),
                VariableValues.durations("BACKUP_MONITOR_RPO", c.rpo()), Path.of(c.backupDir()),
                c.diskWarningPercent(), c.diskCriticalPercent(), c.suspiciousDrop(),
                VariableValues.urls("BACKUP_MONITOR_SERVICES", c.services().orElse("")), backends,
                VariableValues.duration("BACKUP_MONITOR_PROBE_TIMEOUT", c.probeTimeout()));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        } catch (Exception e) {
            return "monitor-" + ProcessHandle.current().pid();
        }
    }
}
