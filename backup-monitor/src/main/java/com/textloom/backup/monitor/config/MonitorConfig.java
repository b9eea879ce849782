package com.textloom.backup.monitor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.util.Optional;

/**
 * The monitor's variables (the guide's names; Quarkus maps {@code BACKUP_MONITOR_INTERVAL} to
 * {@code backup.monitor-interval} ... see application.properties, which binds each variable explicitly).
 */
@ConfigMapping(prefix = "textloom.monitor")
public interface MonitorConfig {

    /** BACKUP_MONITOR_INTERVAL: seconds between rule evaluations. */
    @WithDefault("300")
    String interval();

    /** BACKUP_ALERT_RENOTIFY_INTERVAL: re-notify an active, unacknowledged alert this often. */
    @WithName("renotify-interval")
    @WithDefault("1h")
    String renotifyInterval();

    /** BACKUP_METRICS_RETENTION_DAYS: days of history. */
    @WithName("history-days")
    @WithDefault("7")
    int historyDays();

    /** BACKUP_MONITOR_RPO: component=duration list. */
    @WithDefault("database=1h,redis=15m,workspace=2h,logs=4h")
    String rpo();

    /** BACKUP_LOCAL_DIR. */
    @WithName("backup-dir")
    @WithDefault("./backups")
    String backupDir();

    /** BACKUP_DISK_WARNING_PERCENT. */
    @WithName("disk-warning-percent")
    @WithDefault("85")
    double diskWarningPercent();

    /** BACKUP_DISK_CRITICAL_PERCENT. */
    @WithName("disk-critical-percent")
    @WithDefault("95")
    double diskCriticalPercent();

    /** BACKUP_MONITOR_SUSPICIOUS_DROP: 0.5 = a drop of more than half is suspicious. */
    @WithName("suspicious-drop")
    @WithDefault("0.5")
    double suspiciousDrop();

    /**
     * BACKUP_MONITOR_SERVICES: name=url list of services whose /q/health/ready is probed (default in
     * application.properties: the three other services on localhost); set but empty: none.
     */
    Optional<String> services();

    /** BACKUP_MONITOR_BACKENDS: name=url list of storage endpoints; empty: MINIO_ENDPOINT / OBS_ENDPOINT. */
    Optional<String> backends();

    /** MINIO_ENDPOINT. */
    @WithName("minio-endpoint")
    Optional<String> minioEndpoint();

    /** OBS_ENDPOINT, probed only when OBS_ACCESS_KEY is set. */
    @WithName("obs-endpoint")
    Optional<String> obsEndpoint();

    /** OBS_ACCESS_KEY (only whether it is set matters here; never logged). */
    @WithName("obs-access-key")
    Optional<String> obsAccessKey();

    /** BACKUP_MONITOR_PROBE_TIMEOUT. */
    @WithName("probe-timeout")
    @WithDefault("5s")
    String probeTimeout();

    /** BACKUP_MONITOR_NODE: this instance's name; the host name by default. */
    Optional<String> node();

    /** Kafka topics and the leader group. */
    Kafka kafka();

    /** Notification channels. */
    @WithName("notify")
    Notify notifications();

    interface Kafka {
        @WithName("backup-events-topic")
        @WithDefault("textloom.backup.events")
        String backupEventsTopic();

        @WithName("alerts-topic")
        @WithDefault("textloom.alerts")
        String alertsTopic();

        @WithName("leader-topic")
        @WithDefault("textloom.monitor.leader")
        String leaderTopic();

        @WithName("leader-group")
        @WithDefault("backup-monitor-leader")
        String leaderGroup();
    }

    interface Notify {
        /** BACKUP_EMAIL_ALERTS_ENABLED. */
        @WithName("email-enabled")
        @WithDefault("false")
        boolean emailEnabled();

        /** BACKUP_EMAIL_FROM. */
        @WithName("email-from")
        @WithDefault("backup-monitor@localhost")
        String emailFrom();

        /** BACKUP_EMAIL_TO, comma separated. */
        @WithName("email-to")
        Optional<String> emailTo();

        /** BACKUP_WEBHOOK_ALERTS_ENABLED. */
        @WithName("webhook-enabled")
        @WithDefault("false")
        boolean webhookEnabled();

        /** BACKUP_WEBHOOK_URL. */
        @WithName("webhook-url")
        Optional<String> webhookUrl();

        /** BACKUP_SLACK_ALERTS_ENABLED. */
        @WithName("slack-enabled")
        @WithDefault("false")
        boolean slackEnabled();

        /** BACKUP_SLACK_WEBHOOK_URL. */
        @WithName("slack-webhook-url")
        Optional<String> slackWebhookUrl();

        /** BACKUP_SLACK_CHANNEL. */
        @WithName("slack-channel")
        Optional<String> slackChannel();

        /** BACKUP_ALERT_RETRY_ATTEMPTS. */
        @WithName("retry-attempts")
        @WithDefault("3")
        int retryAttempts();

        /** BACKUP_ALERT_RETRY_BACKOFF: wait before the second try, doubled each time. */
        @WithName("retry-backoff")
        @WithDefault("2s")
        String retryBackoff();

        /** BACKUP_ALERT_TIMEOUT: timeout of one webhook / Slack call. */
        @WithDefault("10s")
        String timeout();
    }
}
