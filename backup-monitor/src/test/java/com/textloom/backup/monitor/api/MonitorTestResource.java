package com.textloom.backup.monitor.api;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.textloom.backup.monitor.HttpReceiver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real parts around the monitor service in a test: a GreenMail SMTP server (mail to
 * {@value #TO}), a local HTTP server receiving the webhook ({@code /hook}) and Slack ({@code /slack})
 * payloads, answering as backup-manager's {@code /q/health/ready} and as disaster-recovery's objectives and reports
 * ({@code BACKUP_DR_URL}); fresh topic names per run. Sets the
 * guide's variables to point at them.
 */
public class MonitorTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String TO = "oncall@textloom.test";
    public static final String SLACK_CHANNEL = "#alerts";
    /** The monitor's API key: changes (acknowledge, test alert) carry it. */
    public static final String API_KEY = "monitor-it-key";

    static GreenMail mail;
    static HttpReceiver receiver;
    static String backupEventsTopic;
    static String alertsTopic;
    static String recoveryEventsTopic;
    static Path backupDir;

    @Override
    public Map<String, String> start() {
        int smtpPort;
        try {
            try (ServerSocket s = new ServerSocket(0)) {
                smtpPort = s.getLocalPort();
            }
            mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
            receiver = new HttpReceiver();
            backupDir = Files.createTempDirectory("monitor-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String prefix = "it-service-" + UUID.randomUUID().toString().substring(0, 8);
        backupEventsTopic = prefix + ".backup-events";
        alertsTopic = prefix + ".alerts";
        recoveryEventsTopic = prefix + ".recovery-events";
        Map<String, String> c = new HashMap<>();
        c.put("backup.api-key", API_KEY); // what service-support's filter reads (BACKUP_API_KEY in the environment)
        c.put("textloom.monitor.kafka.backup-events-topic", backupEventsTopic);
        c.put("textloom.monitor.kafka.alerts-topic", alertsTopic);
        c.put("textloom.monitor.kafka.recovery-events-topic", recoveryEventsTopic);
        c.put("textloom.monitor.kafka.leader-topic", prefix + ".leader");
        c.put("textloom.monitor.kafka.leader-group", prefix + "-leader");
        c.put("BACKUP_MONITOR_INTERVAL", "1");
        c.put("BACKUP_ALERT_RENOTIFY_INTERVAL", "1h");
        c.put("BACKUP_MONITOR_RPO", "logs=30d");
        c.put("BACKUP_LOCAL_DIR", backupDir.toString());
        // the disk measured is the machine's own (BACKUP_LOCAL_DIR is a temporary directory): a full developer or CI
        // disk must not raise alerts the tests count (a disk 87 % used failed two of them on 2026-12-04)
        c.put("BACKUP_DISK_WARNING_PERCENT", "100");
        c.put("BACKUP_DISK_CRITICAL_PERCENT", "100");
        c.put("BACKUP_MONITOR_SERVICES", "backup-manager=" + receiver.url("/"));
        // a healthy assessment and a manager whose repository is there: the gauges of protected_service_failed and
        // repository_lost exist from the first probe, and nothing is raised
        receiver.answer("/api/assess", "application/json", com.textloom.backup.monitor.Fixtures.assessment("healthy"));
        receiver.answer("/q/health/well", "application/json", com.textloom.backup.monitor.Fixtures.wellness("ok"));
        c.put("BACKUP_DR_URL", receiver.url("/").toString()); // disaster-recovery's objectives and reports
        c.put("BACKUP_MONITOR_BACKENDS", "minio=" + receiver.url("/"));
        c.put("BACKUP_EMAIL_ALERTS_ENABLED", "true");
        c.put("BACKUP_SMTP_SERVER", "127.0.0.1");
        c.put("BACKUP_SMTP_PORT", Integer.toString(smtpPort));
        c.put("BACKUP_SMTP_STARTTLS", "DISABLED");
        c.put("BACKUP_EMAIL_FROM", "backup-monitor@textloom.test");
        c.put("BACKUP_EMAIL_TO", TO);
        c.put("BACKUP_WEBHOOK_ALERTS_ENABLED", "true");
        c.put("BACKUP_WEBHOOK_URL", receiver.url("/hook").toString());
        c.put("BACKUP_SLACK_ALERTS_ENABLED", "true");
        c.put("BACKUP_SLACK_WEBHOOK_URL", receiver.url("/slack").toString());
        c.put("BACKUP_SLACK_CHANNEL", SLACK_CHANNEL);
        c.put("BACKUP_ALERT_RETRY_BACKOFF", "1s");
        return c;
    }

    @Override
    public void stop() {
        if (mail != null) {
            mail.stop();
        }
        if (receiver != null) {
            receiver.close();
        }
    }
}
