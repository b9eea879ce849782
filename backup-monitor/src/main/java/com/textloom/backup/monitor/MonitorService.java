package com.textloom.backup.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.textloom.backup.config.StorageEndpoint;
import com.textloom.backup.config.VariableValues;
import com.textloom.backup.monitor.config.MonitorConfig;
import com.textloom.backup.monitor.config.MonitorKafkaConfig;
import com.textloom.backup.monitor.config.MonitorSettings;
import com.textloom.backup.monitor.engine.MonitorNode;
import com.textloom.backup.monitor.kafka.KafkaSettings;
import com.textloom.backup.monitor.metrics.MonitorMetrics;
import com.textloom.backup.monitor.metrics.SystemMetricsLog;
import com.textloom.backup.monitor.notify.EmailChannel;
import com.textloom.backup.monitor.notify.NotificationChannel;
import com.textloom.backup.monitor.notify.Notifier;
import com.textloom.backup.monitor.notify.SlackChannel;
import com.textloom.backup.monitor.notify.WebhookChannel;
import com.textloom.backup.support.config.SuiteLookup;
import com.textloom.backup.support.messaging.KafkaClientSecurity;
import io.quarkus.mailer.Mailer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's one {@link MonitorNode}, built from configuration at start-up and closed at shutdown.
 * A bad variable stops start-up with a message naming it.
 */
@ApplicationScoped
public class MonitorService {

    @Inject
    MonitorConfig config;

    @Inject
    MonitorKafkaConfig topics;

    /** The whole configuration: the MinIO / OBS stores are read from it by suite-config's {@link StorageEndpoint}. */
    @Inject
    Config configuration;

    @Inject
    Mailer mailer;

    @Inject
    ObjectMapper json;

    @Inject
    MonitorMetrics metrics;

    @Inject
    SystemMetricsLog systemMetrics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** The global Kafka configuration the channels use; its security part goes to the plain clients too. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private MonitorNode node;
    private List<String> channelNames = List.of();

    void start(@Observes StartupEvent event) {
        MonitorSettings settings = settings(config, SuiteLookup.stores(configuration));
        KafkaSettings kafka = new KafkaSettings(
                bootstrapServers,
                topics.backupEventsTopic(),
                topics.alertsTopic(),
                topics.recoveryEventsTopic(),
                topics.leaderTopic(),
                topics.leaderGroup(),
                settings.historyWindow().toMillis(),
                settings.drillPeriods().values().stream()
                        .max(java.time.Duration::compareTo)
                        .filter(p -> p.compareTo(settings.historyWindow()) > 0)
                        .orElse(settings.historyWindow())
                        .toMillis(),
                KafkaClientSecurity.of(kafkaConfig));
        Notifier notifier =
                new Notifier(channels(config), config.retryAttempts(), config.retryBackoff(), metrics::notification);
        channelNames = notifier.channelNames();
        node = new MonitorNode(settings, kafka, notifier, Clock.systemUTC(), metrics::backup, metrics::run).start();
        metrics.bind(node);
        systemMetrics.start(node, settings.interval());
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

    private List<NotificationChannel> channels(MonitorConfig n) {
        List<NotificationChannel> out = new ArrayList<>();
        if (n.emailEnabled()) {
            List<String> to = VariableValues.list(n.emailTo().orElse(""));
            if (to.isEmpty()) {
                throw new IllegalArgumentException("BACKUP_EMAIL_TO: required when BACKUP_EMAIL_ALERTS_ENABLED=true");
            }
            out.add(new EmailChannel(mailer, n.emailFrom(), to));
        }
        if (n.webhookEnabled()) {
            URI url = VariableValues.url(
                    "BACKUP_WEBHOOK_URL",
                    n.webhookUrl()
                            .orElseThrow(() -> new IllegalArgumentException(
                                    "BACKUP_WEBHOOK_URL: required when BACKUP_WEBHOOK_ALERTS_ENABLED=true")));
            out.add(new WebhookChannel(url, json, n.timeout()));
        }
        if (n.slackEnabled()) {
            URI url = VariableValues.url(
                    "BACKUP_SLACK_WEBHOOK_URL",
                    n.slackWebhookUrl()
                            .orElseThrow(() -> new IllegalArgumentException(
                                    "BACKUP_SLACK_WEBHOOK_URL: required when BACKUP_SLACK_ALERTS_ENABLED=true")));
            out.add(new SlackChannel(url, n.slackChannel().orElse(null), json, n.timeout()));
        }
        return out;
    }

    /**
     * The thresholds and targets. The storage backends watched are {@code BACKUP_MONITOR_BACKENDS}, else the MinIO
     * and OBS stores the variables configure ({@code stores}: {@link SuiteLookup#stores}), at the URL the manager copies
     * to ({@code MINIO_SECURE} included).
     */
    static MonitorSettings settings(MonitorConfig c, List<StorageEndpoint> stores) {
        if (c.interval().isZero()) {
            throw new IllegalArgumentException("BACKUP_MONITOR_INTERVAL: must be at least 1 second, got 0");
        }
        Map<String, URI> backends = new LinkedHashMap<>();
        if (c.backendsSetting().filter(s -> !s.isBlank()).isPresent()) {
            backends.putAll(VariableValues.urls(
                    "BACKUP_MONITOR_BACKENDS", c.backendsSetting().get()));
        } else {
            stores.forEach(store -> backends.put(store.kind().label(), store.url()));
        }
        return new MonitorSettings(
                c.node().filter(s -> !s.isBlank()).orElseGet(MonitorService::hostName),
                c.interval(),
                c.renotifyInterval(),
                c.historyDays(),
                c.rpo(),
                c.backupDir(),
                c.diskWarningPercent(),
                c.diskCriticalPercent(),
                c.suspiciousDrop(),
                c.services(),
                backends,
                c.probeTimeout(),
                c.drillPeriods(),
                c.drUrl());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName() + "-"
                    + ProcessHandle.current().pid();
        } catch (Exception e) {
            return "monitor-" + ProcessHandle.current().pid();
        }
    }
}
