package com.textloom.backup.monitor.config;

import com.textloom.backup.config.VariableValues;
import com.textloom.backup.support.config.VariableDuration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithName;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The monitor's variables, mapped by their names ({@code backup.monitor-interval} is {@code BACKUP_MONITOR_INTERVAL});
 * defaults, rules and meanings are suite-config's catalogue ({@code SuiteVariables}), which also stops start-up on a
 * bad value naming the variable. The MinIO / OBS stores it probes are suite-config's {@code StorageEndpoint}, read as
 * the manager and the command line read them (service-support's {@code SuiteLookup.stores}).
 */
@ConfigMapping(prefix = "backup")
public interface MonitorConfig {

    /** BACKUP_MONITOR_INTERVAL: rules run this often. */
    @WithName("monitor-interval")
    @WithConverter(VariableDuration.class)
    Duration interval();

    /** BACKUP_ALERT_RENOTIFY_INTERVAL: an active, unacknowledged alert is notified again this often. */
    @WithName("alert-renotify-interval")
    @WithConverter(VariableDuration.class)
    Duration renotifyInterval();

    /** BACKUP_METRICS_RETENTION_DAYS: days of history. */
    @WithName("metrics-retention-days")
    int historyDays();

    /** BACKUP_MONITOR_RPO as set; {@link #rpo()} reads it. */
    @WithName("monitor-rpo")
    String rpoSetting();

    /** BACKUP_MONITOR_RPO: per component, the longest acceptable time without a successful backup. */
    default Map<String, Duration> rpo() {
        return VariableValues.durations("BACKUP_MONITOR_RPO", rpoSetting());
    }

    /** BACKUP_MONITOR_DRILL_PERIOD as set; {@link #drillPeriods()} reads it. */
    @WithName("monitor-drill-period")
    String drillPeriodSetting();

    /** BACKUP_MONITOR_DRILL_PERIOD: per scenario, the longest acceptable time without a successful drill. */
    default Map<String, Duration> drillPeriods() {
        return VariableValues.durations("BACKUP_MONITOR_DRILL_PERIOD", drillPeriodSetting());
    }

    /** BACKUP_DR_URL: disaster-recovery, whose objectives and drill reports the dashboard shows. */
    @WithName("dr-url")
    String drUrlSetting();

    /** BACKUP_DR_URL as a URL. */
    default URI drUrl() {
        return VariableValues.url("BACKUP_DR_URL", drUrlSetting());
    }

    /** BACKUP_LOCAL_DIR: the local backup volume whose disk usage is watched. */
    @WithName("local-dir")
    Path backupDir();

    /** BACKUP_DISK_WARNING_PERCENT. */
    @WithName("disk-warning-percent")
    double diskWarningPercent();

    /** BACKUP_DISK_CRITICAL_PERCENT. */
    @WithName("disk-critical-percent")
    double diskCriticalPercent();

    /** BACKUP_MONITOR_SUSPICIOUS_DROP: 0.5 = a drop of more than half is suspicious. */
    @WithName("monitor-suspicious-drop")
    double suspiciousDrop();

    /** BACKUP_MONITOR_SERVICES as set (set but empty: none); {@link #services()} reads it. */
    @WithName("monitor-services")
    Optional<String> servicesSetting();

    /** BACKUP_MONITOR_SERVICES: services whose /q/health/ready is probed, name → base URL. */
    default Map<String, URI> services() {
        return VariableValues.urls("BACKUP_MONITOR_SERVICES", servicesSetting().orElse(""));
    }

    /** BACKUP_MONITOR_BACKENDS as set; empty: the MinIO / OBS stores. */
    @WithName("monitor-backends")
    Optional<String> backendsSetting();

    /** BACKUP_MONITOR_PROBE_TIMEOUT. */
    @WithName("monitor-probe-timeout")
    @WithConverter(VariableDuration.class)
    Duration probeTimeout();

    /** BACKUP_MONITOR_NODE: this instance's name; the host name by default. */
    @WithName("monitor-node")
    Optional<String> node();

    /** BACKUP_EMAIL_ALERTS_ENABLED. */
    @WithName("email-alerts-enabled")
    boolean emailEnabled();

    /** BACKUP_EMAIL_FROM. */
    @WithName("email-from")
    String emailFrom();

    /** BACKUP_EMAIL_TO, comma separated. */
    @WithName("email-to")
    Optional<String> emailTo();

    /** BACKUP_WEBHOOK_ALERTS_ENABLED. */
    @WithName("webhook-alerts-enabled")
    boolean webhookEnabled();

    /** BACKUP_WEBHOOK_URL. */
    @WithName("webhook-url")
    Optional<String> webhookUrl();

    /** BACKUP_SLACK_ALERTS_ENABLED. */
    @WithName("slack-alerts-enabled")
    boolean slackEnabled();

    /** BACKUP_SLACK_WEBHOOK_URL. */
    @WithName("slack-webhook-url")
    Optional<String> slackWebhookUrl();

    /** BACKUP_SLACK_CHANNEL. */
    @WithName("slack-channel")
    Optional<String> slackChannel();

    /** BACKUP_ALERT_RETRY_ATTEMPTS. */
    @WithName("alert-retry-attempts")
    int retryAttempts();

    /** BACKUP_ALERT_RETRY_BACKOFF: wait before the second try, doubled each time. */
    @WithName("alert-retry-backoff")
    @WithConverter(VariableDuration.class)
    Duration retryBackoff();

    /** BACKUP_ALERT_TIMEOUT: timeout of one webhook / Slack call. */
    @WithName("alert-timeout")
    @WithConverter(VariableDuration.class)
    Duration timeout();
}
