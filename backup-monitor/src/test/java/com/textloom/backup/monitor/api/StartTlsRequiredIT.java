package com.textloom.backup.monitor.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.textloom.backup.testservers.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 12: with {@code BACKUP_SMTP_STARTTLS} left at its default, the monitor does not send mail (and
 * the SMTP password) over a server that offers no STARTTLS: a real SMTP server (GreenMail) without TLS gets nothing,
 * and the test alert reports the email channel failed.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(StartTlsRequiredIT.PlainSmtp.class)
class StartTlsRequiredIT {

    static final String KEY = "starttls-it-" + UUID.randomUUID();
    static GreenMail mail;

    /** A plain SMTP server (no STARTTLS), email alerts on, BACKUP_SMTP_STARTTLS not set. */
    public static class PlainSmtp implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
            String p = "it-starttls-" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, String> c = new HashMap<>();
            c.put("backup.api-key", KEY);
            c.put("textloom.monitor.kafka.backup-events-topic", p + ".backup-events");
            c.put("textloom.monitor.kafka.alerts-topic", p + ".alerts");
            c.put("textloom.monitor.kafka.recovery-events-topic", p + ".recovery-events");
            c.put("textloom.monitor.kafka.leader-topic", p + ".leader");
            c.put("textloom.monitor.kafka.leader-group", p + "-leader");
            c.put("BACKUP_MONITOR_SERVICES", "");
            c.put("BACKUP_MONITOR_RPO", "logs=30d");
            c.put("BACKUP_EMAIL_ALERTS_ENABLED", "true");
            c.put("BACKUP_SMTP_SERVER", "127.0.0.1");
            c.put("BACKUP_SMTP_PORT", Integer.toString(port));
            c.put("BACKUP_EMAIL_FROM", "backup-monitor@textloom.test");
            c.put("BACKUP_EMAIL_TO", "oncall@textloom.test");
            c.put("BACKUP_ALERT_RETRY_BACKOFF", "1s");
            // one try: the refusal is what is tested; three tries with their back-off outlasted the test client's
            // 30 s on a loaded clean-clone run (SocketTimeoutException on POST /api/alerts/test)
            c.put("BACKUP_ALERT_RETRY_ATTEMPTS", "1");
            return c;
        }

        @Override
        public void stop() {
            if (mail != null) {
                mail.stop();
            }
        }
    }

    @Test
    void mailIsNotSentOverAServerWithoutStartTls() {
        given().header("X-API-Key", KEY)
                .post("/api/alerts/test")
                .then()
                .statusCode(200)
                .body("email", not(equalTo("success")))
                .body("email", containsStringIgnoringCase("tls"));
        assertEquals(0, mail.getReceivedMessages().length, "nothing reached the server in clear text");
    }
}
