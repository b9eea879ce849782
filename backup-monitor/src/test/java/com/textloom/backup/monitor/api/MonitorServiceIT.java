package com.textloom.backup.monitor.api;

import static com.textloom.backup.monitor.Eventually.await;
import static com.textloom.backup.monitor.kafka.TestEvents.backup;
import static com.textloom.backup.monitor.kafka.TestEvents.component;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.textloom.backup.events.AlertRaised;
import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.DrillCompleted;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RecoveryCompleted;
import com.textloom.backup.events.Topics;
import com.textloom.backup.monitor.kafka.TestEvents;
import com.textloom.backup.monitor.metrics.SystemMetricsLog;
import com.textloom.backup.support.testing.TopicReader;
import com.textloom.backup.support.testing.TopicWriter;
import com.textloom.backup.testservers.KafkaBroker;
import com.textloom.backup.testservers.KafkaTestResource;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The monitor service as users meet it, against the real broker, a real SMTP server (GreenMail), a real
 * HTTP receiver for the webhook and Slack, and a real headless Chromium for the dashboard.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MonitorTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitorServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL root;

    @Inject
    Scheduler scheduler;

    private static TestEvents events;

    @BeforeAll
    static void publisher() {
        events = new TestEvents(KafkaBroker.shared().bootstrapServers(), MonitorTestResource.backupEventsTopic);
    }

    @AfterAll
    static void close() {
        events.close();
        if (recoveryEvents != null) {
            recoveryEvents.close();
        }
    }

    private static JsonNode get(String path) throws Exception {
        return JSON.readTree(given().get(path).then().statusCode(200).extract().asString());
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> out = new TreeSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<MimeMessage> mails(String subjectPart) throws Exception {
        return Arrays.stream(MonitorTestResource.mail.getReceivedMessages())
                .filter(m -> {
                    try {
                        return m.getSubject().contains(subjectPart);
                    } catch (Exception e) {
                        return false;
                    }
                })
                .toList();
    }

    @Test
    @Order(1)
    void statusHasTheGuidesShapeFieldForField() throws Exception {
        await(
                "running",
                WAIT,
                () -> given().get("/api/status")
                        .jsonPath()
                        .getString("monitoring_status")
                        .equals("running"));
        JsonNode s = get("/api/status");
        assertEquals(
                new TreeSet<>(List.of("monitoring_status", "current_metrics", "active_alerts", "history_stats")),
                fields(s));
        assertEquals(
                new TreeSet<>(List.of("backup_success_rate", "last_backup_age_hours", "disk_space_used_percent")),
                fields(s.get("current_metrics")));
        assertEquals(
                new TreeSet<>(List.of("avg_success_rate", "avg_backup_age_hours")), fields(s.get("history_stats")));
        assertTrue(s.get("active_alerts").isArray());
        assertTrue(s.get("current_metrics").get("backup_success_rate").isNumber());
        await(
                "disk measured",
                WAIT,
                () -> given().get("/api/status").jsonPath().get("current_metrics.disk_space_used_percent") != null);
        double disk = given().get("/api/status").jsonPath().getDouble("current_metrics.disk_space_used_percent");
        assertTrue(disk > 0 && disk <= 100, "disk used " + disk);
    }

    @Test
    @Order(2)
    void alertTestSendsThroughEveryChannelAndAnswersPerChannel() throws Exception {
        given().header("X-API-Key", MonitorTestResource.API_KEY)
                .post("/api/alerts/test")
                .then()
                .statusCode(200)
                .body("email", equalTo("success"))
                .body("webhook", equalTo("success"))
                .body("slack", equalTo("success"));
        MimeMessage m = mails("[TEST]").get(0);
        assertEquals(MonitorTestResource.TO, m.getAllRecipients()[0].toString());
        assertTrue(MonitorTestResource.receiver
                .received(r -> r.path().equals("/slack"))
                .get(0)
                .body()
                .contains("\"channel\":\"" + MonitorTestResource.SLACK_CHANNEL + "\""));
        assertTrue(MonitorTestResource.receiver
                .received(r -> r.path().equals("/hook"))
                .get(0)
                .body()
                .contains("\"event\":\"test\""));
    }

    @Test
    @Order(3)
    void aFailedBackupIsMailedListedAndAcknowledgedThroughTheApi() throws Exception {
        events.publish(backup(
                Outcome.SUCCESS,
                Instant.now().minusSeconds(7200),
                component("database", Outcome.SUCCESS, 4096),
                component("redis", Outcome.SUCCESS, 512)));
        events.publish(backup(Outcome.FAILED, Instant.now()));
        await(
                "alert listed",
                WAIT,
                () -> given().get("/api/alerts?rule=backup_failed").jsonPath().getInt("count") == 1);
        JsonNode a = get("/api/alerts?rule=backup_failed").get("alerts").get(0);
        assertEquals("active", a.get("status").asText());
        assertEquals("critical", a.get("severity").asText());
        String id = a.get("alert_id").asText();
        await("alert mail", WAIT, () -> {
            try {
                return !mails("backup_failed").isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        assertTrue(mails("backup_failed").get(0).getContent().toString().contains(id));
        await(
                "slack message",
                WAIT,
                () -> !MonitorTestResource.receiver
                        .received(r -> r.path().equals("/slack") && r.body().contains(id))
                        .isEmpty());
        assertEquals(1, get("/api/status").get("active_alerts").size());

        given().header("X-API-Key", MonitorTestResource.API_KEY)
                .contentType("application/json")
                .body("{\"acknowledged_by\":\"alice\",\"comment\":\"on it\"}")
                .post("/api/alerts/" + id + "/acknowledge")
                .then()
                .statusCode(200)
                .body("status", equalTo("acknowledged"))
                .body("acknowledged_by", equalTo("alice"));
        given().get("/api/alerts?status=acknowledged").then().body("alerts[0].alert_id", equalTo(id));
        given().header("X-API-Key", MonitorTestResource.API_KEY)
                .post("/api/alerts/nope/acknowledge")
                .then()
                .statusCode(404)
                .body("error", equalTo("not_found"))
                .body("message", containsString("nope"));
        // the suite's one error body: code, sentence, and the field at fault
        given().get("/api/alerts?status=sleeping")
                .then()
                .statusCode(400)
                .body("field", equalTo("status"))
                .body("error", equalTo("bad_request"))
                .body("message", org.hamcrest.Matchers.startsWith("status: must be one of"));
        given().header("X-API-Key", MonitorTestResource.API_KEY)
                .contentType("application/json")
                .body("[1,")
                .post("/api/alerts/" + id + "/acknowledge")
                .then()
                .statusCode(400)
                .body("error", equalTo("bad_request"))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("field")));
        given().header("X-API-Key", MonitorTestResource.API_KEY)
                .contentType("application/json")
                .body("{\"acknowledged_by\":\"bob\",\"colour\":1}")
                .post("/api/alerts/" + id + "/acknowledge")
                .then()
                .statusCode(400)
                .body("field", equalTo("colour"))
                .body("message", org.hamcrest.Matchers.startsWith("colour: unknown field"));
        given().get("/api/alerts?limit=0").then().statusCode(400).body("field", equalTo("limit"));
    }

    @Test
    @Order(6)
    void unreadableRecordsLandInTheDeadLetterTopicOnceWithTheReasonAndTheNextGoodOneIsStillApplied() throws Exception {
        String run = UUID.randomUUID().toString();
        String topic = MonitorTestResource.backupEventsTopic;
        String completedType = EventTypes.typeOf(BackupCompleted.class);
        long backupsBefore = get("/api/metrics").get("totals").get("backups").asLong();
        try (TopicWriter writer = new TopicWriter(KafkaBroker.shared().bootstrapServers())) {
            writer.send(TopicWriter.add(
                    TopicWriter.cloudEvent(topic, "main", completedType, "this is not json"), "test_marker", run));
            writer.send(TopicWriter.add(
                    TopicWriter.cloudEvent(topic, "main", "com.textloom.backup.backup-exploded.v1", "{}"),
                    "test_marker",
                    run));
            writer.send(TopicWriter.add(
                    TopicWriter.cloudEvent(topic, "main", completedType, "{\"backup_id\":\"x\"}"), "test_marker", run));
            writer.send(TopicWriter.add(
                    TopicWriter.cloudEvent(
                            MonitorTestResource.alertsTopic, "main", EventTypes.typeOf(AlertRaised.class), "[1, 2"),
                    "test_marker",
                    run));
            writer.send(TopicWriter.add(
                    TopicWriter.cloudEvent(
                            MonitorTestResource.recoveryEventsTopic,
                            "main",
                            "com.textloom.backup.drill-exploded.v1",
                            "{}"),
                    "test_marker",
                    run));
        }
        events.publish(backup(Outcome.SUCCESS, Instant.now(), component("workspace", Outcome.SUCCESS, 2048)));

        await(
                "the good record after the bad ones applied",
                WAIT,
                () -> given().get("/api/metrics").jsonPath().getLong("totals.backups") == backupsBefore + 1);
        TopicReader reader = new TopicReader(KafkaBroker.shared().bootstrapServers());
        List<ConsumerRecord<String, byte[]>> dead =
                reader.read(Topics.deadLetter(topic), r -> run.equals(TopicReader.header(r, "test_marker")), 3, WAIT);
        assertEquals(3, dead.size(), "three dead letters from " + topic);
        assertTrue(
                TopicReader.header(dead.get(0), "dead-letter-reason").startsWith("not_json: "),
                TopicReader.header(dead.get(0), "dead-letter-reason"));
        assertEquals("this is not json", TopicReader.text(dead.get(0)), "dead-lettered unchanged");
        assertEquals(
                "unknown_type: unknown type com.textloom.backup.backup-exploded.v1",
                TopicReader.header(dead.get(1), "dead-letter-reason"));
        assertTrue(
                TopicReader.header(dead.get(2), "dead-letter-reason")
                        .startsWith("schema_violation: backup-completed.v1: "),
                TopicReader.header(dead.get(2), "dead-letter-reason"));
        assertEquals(topic, TopicReader.header(dead.get(0), "dead-letter-topic"));
        List<ConsumerRecord<String, byte[]>> deadAlert = reader.read(
                Topics.deadLetter(MonitorTestResource.alertsTopic),
                r -> run.equals(TopicReader.header(r, "test_marker")),
                1,
                WAIT);
        assertEquals(1, deadAlert.size(), "the unreadable alert record is dead-lettered too");
        List<ConsumerRecord<String, byte[]>> deadRun = reader.read(
                Topics.deadLetter(MonitorTestResource.recoveryEventsTopic),
                r -> run.equals(TopicReader.header(r, "test_marker")),
                1,
                WAIT);
        assertEquals(1, deadRun.size(), "the unreadable recovery event is dead-lettered too (it was only skipped)");
        assertEquals(
                "unknown_type: unknown type com.textloom.backup.drill-exploded.v1",
                TopicReader.header(deadRun.get(0), "dead-letter-reason"));
        assertTrue(
                TopicReader.header(deadAlert.get(0), "dead-letter-reason").startsWith("not_json: "),
                TopicReader.header(deadAlert.get(0), "dead-letter-reason"));

        // the replay skipped and counted them, and did not dead-letter them a second time
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(
                metrics.lines()
                        .anyMatch(l -> l.startsWith("textloom_backup_monitor_unreadable_events ")
                                && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) >= 4),
                "unreadable records counted");
        assertEquals(
                3,
                reader.read(
                                Topics.deadLetter(topic),
                                r -> run.equals(TopicReader.header(r, "test_marker")),
                                4,
                                Duration.ofSeconds(3))
                        .size(),
                "each unreadable record is dead-lettered once");
    }

    @Test
    @Order(4)
    void prometheusExposesTheBackupMetricsUnderConventionalNamesAndTheDeployRulesUseThem() throws Exception {
        List<String> expected = List.of(
                "textloom_backup_last_success_timestamp_seconds{component=\"database\"}",
                "textloom_backup_age_seconds{component=\"redis\",tier=\"daily\"}",
                "textloom_backup_success_rate ",
                "textloom_backup_success_rate_7d ",
                "textloom_backup_disk_used_percent ",
                "textloom_backup_read_bytes_total{component=\"database\"}",
                "textloom_backup_dedup_ratio ",
                "textloom_backup_duration_seconds_count{tier=\"daily\"}",
                "textloom_backup_alerts_active{severity=\"critical\"}",
                "textloom_backup_service_up{service=\"backup-manager\"}",
                "textloom_backup_storage_up{backend=\"minio\"}",
                "textloom_backup_average_age_seconds ",
                "textloom_backup_protected_service_up{service=\"redis\"} 1.0",
                "textloom_backup_repository_lost{service=\"backup-manager\"} 0.0");
        // the gauges appear as the monitor consumes the earlier tests' events: wait for all of them, then check each
        await("metrics", WAIT, () -> {
            String m = given().get("/q/metrics").asString();
            return expected.stream().allMatch(m::contains);
        });
        String metrics = given().get("/q/metrics").asString();
        for (String name : expected) {
            assertTrue(metrics.contains(name), name + " missing from /q/metrics");
        }
        for (Path file : List.of(
                Path.of("../deploy/prometheus/textloom-backup-alerts.yml"),
                Path.of("../deploy/grafana/dashboards/textloom-backup-overview.json"))) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("textloom_backup_[a-z0-9_]+")
                    .matcher(Files.readString(file));
            while (m.find()) {
                assertTrue(metrics.contains(m.group()), file + " uses " + m.group() + ", which /q/metrics lacks");
            }
        }
        given().get("/api/metrics")
                .then()
                .statusCode(200)
                .body("totals.bytes_read", equalTo(4096 + 512))
                .body("history.size()", equalTo(7))
                .body("services[0].name", equalTo("backup-manager"));
    }

    @Test
    @Order(5)
    void theDashboardShowsTheApiFiguresAndAcknowledgesAnAlertByClick() throws Exception {
        events.publish(backup(
                Outcome.PARTIAL,
                Instant.now(),
                component("redis", Outcome.SUCCESS, 512),
                component("workspace", Outcome.FAILED, 0)));
        await(
                "partial alert",
                WAIT,
                () -> given().get("/api/alerts?status=active&rule=backup_failed")
                                .jsonPath()
                                .getInt("count")
                        == 1);
        String id = given().get("/api/alerts?status=active&rule=backup_failed")
                .jsonPath()
                .getString("alerts[0].alert_id");

        Path profile = Files.createTempDirectory("chromium-profile");
        WebDriver browser = browser(profile);
        try {
            browser.get(root.toString());
            Page page = new Page(browser);
            FluentWait<WebDriver> wait = page.retrying();
            wait.until(d -> !d.findElement(By.id("updated-at")).getText().equals("never"));

            JsonNode m = get("/api/metrics");
            assertEquals(
                    String.format(
                            Locale.ROOT, "%.1f%%", m.get("backup_success_rate").asDouble() * 100),
                    page.text("#backup-success-rate"));
            assertEquals(
                    String.format(
                            Locale.ROOT,
                            "%.1f%%",
                            m.get("history_stats").get("avg_success_rate").asDouble() * 100),
                    page.text("#avg-success-rate"));
            // disk use is live (other tests write to the same disk): the page shows its own figure, near the API's
            double disk = Double.parseDouble(page.attribute("#disk-used", "data-value"));
            assertEquals(String.format(Locale.ROOT, "%.1f%%", disk), page.text("#disk-used"));
            assertEquals(
                    m.get("disk_space_used_percent").asDouble(),
                    disk,
                    1.0,
                    "same disk use as the API, within a refresh");
            double age = Double.parseDouble(page.attribute("#last-backup-age", "data-value"));
            assertEquals(m.get("last_backup_age_hours").asDouble(), age, 0.01, "same age as the API, within a refresh");
            assertEquals(m.get("alerts").get("active").asText(), page.text("#active-alert-count"));
            assertTrue(page.text("#targets tr[data-name='backup-manager']").contains("up"));
            assertTrue(page.text("#targets tr[data-name='minio']").contains("up"));
            assertEquals(
                    "function",
                    ((JavascriptExecutor) browser).executeScript("return typeof Chart;"),
                    "the chart library is served by the monitor itself");
            assertEquals(
                    4L,
                    ((JavascriptExecutor) browser).executeScript("return Object.keys(Chart.instances).length;"),
                    "three 7-day charts and the RTO history drawn");
            @SuppressWarnings("unchecked")
            List<String> requested = (List<String>) ((JavascriptExecutor) browser)
                    .executeScript("return performance.getEntriesByType('resource').map(e => e.name);");
            String origin = root.toString().replaceAll("/$", "");
            assertTrue(
                    requested.stream().allMatch(u -> u.startsWith(origin)),
                    "no request leaves the machine: " + requested);

            // the key the dashboard asks for on its first refused acknowledge, as a user entered it earlier
            ((JavascriptExecutor) browser)
                    .executeScript(
                            "sessionStorage.setItem('backup_api_key', arguments[0]);", MonitorTestResource.API_KEY);
            page.click("button.ack[data-alert-id='" + id + "']");
            await(
                    "acknowledged through the dashboard",
                    WAIT,
                    () -> given().get("/api/alerts/" + id)
                            .jsonPath()
                            .getString("status")
                            .equals("acknowledged"));
            assertEquals(
                    "dashboard", given().get("/api/alerts/" + id).jsonPath().getString("acknowledged_by"));
            wait.until(d -> d.findElement(By.cssSelector("tr[data-alert-id='" + id + "'] .alert-status"))
                    .getText()
                    .equals("acknowledged"));

            // live: a new alert appears on the open page, without a reload
            ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");
            Instant now = Instant.now();
            events.publish(new com.textloom.backup.events.VerifyCompleted(
                    "v-dash",
                    "main",
                    null,
                    Outcome.FAILED,
                    true,
                    10,
                    100,
                    List.of(new com.textloom.backup.events.DamagedBlob("blob1", null, "missing")),
                    List.of(),
                    now,
                    now,
                    0,
                    null,
                    null));
            await(
                    "verify alert",
                    WAIT,
                    () -> given().get("/api/alerts?rule=verify_damage")
                                    .jsonPath()
                                    .getInt("count")
                            == 1);
            String verifyId =
                    given().get("/api/alerts?rule=verify_damage").jsonPath().getString("alerts[0].alert_id");
            wait.until(d -> !d.findElements(By.cssSelector("tr[data-alert-id='" + verifyId + "']"))
                    .isEmpty());
            assertEquals(
                    Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;"));
        } finally {
            quit(browser, profile);
        }
    }

    /**
     * The dashboard re-renders its tables every few seconds: an element found before a refresh is stale after it. Each
     * read or click here finds its element afresh by selector and is retried when a refresh replaced it in between.
     */
    private record Page(WebDriver browser, FluentWait<WebDriver> retrying) {
        Page(WebDriver browser) {
            this(browser, new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class));
        }

        String text(String css) {
            return retrying.until(d -> d.findElement(By.cssSelector(css)).getText());
        }

        String attribute(String css, String name) {
            return retrying.until(d -> d.findElement(By.cssSelector(css)).getAttribute(name));
        }

        void click(String css) {
            retrying.until(d -> {
                d.findElement(By.cssSelector(css)).click();
                return true;
            });
        }
    }

    /** A headless Chromium with its own profile, driven by Selenium through Debian's chromedriver. */
    private static WebDriver browser(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private static void quit(WebDriver browser, Path profile) {
        browser.quit();
        try (var files = Files.walk(profile)) {
            Iterator<Path> it =
                    files.sorted(java.util.Comparator.reverseOrder()).iterator();
            while (it.hasNext()) {
                Files.deleteIfExists(it.next());
            }
        } catch (Exception ignored) {
            // a leftover temp profile is harmless
        }
    }

    // ---- recovery events (issue 10: monitor and dashboard) -------------------------------------------------------

    private static final String OBJECTIVES = """
            {"scenarios":[
             {"scenario":"database_failure","rto_target_seconds":1800,"rpo_target_seconds":3600,
              "last_drill_id":"drill_db_2","last_drill_at":"2026-12-01T06:10:00Z","measured_rto_seconds":240,
              "rto_met":true,"achievable_rpo_seconds":1260,"rpo_met":true},
             {"scenario":"redis_failure","rto_target_seconds":900,"rpo_target_seconds":900,
              "last_drill_id":"drill_redis_2","last_drill_at":"2026-12-01T06:20:00Z","measured_rto_seconds":1200,
              "rto_met":false,"achievable_rpo_seconds":4000,"rpo_met":false},
             {"scenario":"full_disaster","rto_target_seconds":14400,"rpo_target_seconds":14400,
              "rto_met":null,"achievable_rpo_seconds":4000,"rpo_met":true}]}""";

    private static TestEvents recoveryEvents;

    private static DrillCompleted drill(String id, String scenario, Outcome status, long seconds, long target) {
        Instant end = Instant.now();
        return DrillCompleted.of(id, "main", scenario)
                .status(status)
                .backupId("20261201_060000_abcd1234")
                .ran(end.minusSeconds(seconds), end, seconds * 1000)
                .rto(target, seconds <= target && status == Outcome.SUCCESS)
                .rpo(3600, 600L, true)
                .verified(status == Outcome.SUCCESS)
                .error(status == Outcome.SUCCESS ? null : "restored redis differs: 12 keys, 15 recorded")
                .build();
    }

    private static RecoveryCompleted recovery(String id, String scenario, Outcome status) {
        Instant end = Instant.now();
        return RecoveryCompleted.of(id, "main", scenario)
                .status(status)
                .backupId("20261201_060000_abcd1234")
                .ran(end.minusSeconds(90), end, 90_000)
                .rto(900, true)
                .rpo(900, 600L, true)
                .error(status == Outcome.SUCCESS ? null : "redis did not answer after the restore")
                .build();
    }

    private static String alertStatus(String rule) {
        return given().get("/api/alerts?status=all&rule=" + rule).jsonPath().getString("alerts[0].status");
    }

    private static double metric(String metrics, String series) {
        return metrics.lines()
                .filter(l -> l.startsWith(series + " "))
                .findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError(series + " missing from /q/metrics"));
    }

    @Test
    @Order(3) // before the check that every metric the Prometheus rules and Grafana use exists (drill counters appear
    // here)
    void recoveryEventsRaiseAlertsThatTheNextSuccessOfTheScenarioResolvesAndAreCountedInTheMetrics() throws Exception {
        recoveryEvents =
                new TestEvents(KafkaBroker.shared().bootstrapServers(), MonitorTestResource.recoveryEventsTopic);
        assertEquals(
                0,
                given().get("/api/alerts?status=all&rule=drill_overdue")
                        .jsonPath()
                        .getInt("count"),
                "nothing drilled yet on a fresh monitor: not overdue");

        recoveryEvents.publish(drill("drill_redis_1", "redis_failure", Outcome.FAILED, 60, 900));
        recoveryEvents.publish(recovery("recovery_redis_1", "redis_failure", Outcome.FAILED));
        recoveryEvents.publish(drill("drill_db_1", "database_failure", Outcome.SUCCESS, 2400, 1800));
        await(
                "three recovery alerts",
                WAIT,
                () -> "active".equals(alertStatus("drill_failed"))
                        && "active".equals(alertStatus("recovery_failed"))
                        && "active".equals(alertStatus("rto_exceeded")));
        JsonNode failed = get("/api/alerts?rule=recovery_failed").get("alerts").get(0);
        assertEquals("critical", failed.get("severity").asText());
        assertTrue(failed.get("message").asText().contains("redis did not answer"), failed.toString());
        assertEquals(
                "warning",
                get("/api/alerts?rule=drill_failed")
                        .get("alerts")
                        .get(0)
                        .get("severity")
                        .asText());
        assertTrue(get("/api/alerts?rule=rto_exceeded")
                .get("alerts")
                .get(0)
                .get("message")
                .asText()
                .contains("took 40m, over its RTO target of 30m"));
        String metrics = given().get("/q/metrics").asString();
        assertEquals(1.0, metric(metrics, "textloom_backup_drill_failed{scenario=\"redis_failure\"}"));
        assertEquals(1.0, metric(metrics, "textloom_backup_recovery_failed{scenario=\"redis_failure\"}"));
        assertEquals(1.0, metric(metrics, "textloom_backup_drill_rto_exceeded{scenario=\"database_failure\"}"));

        recoveryEvents.publish(drill("drill_redis_2", "redis_failure", Outcome.SUCCESS, 120, 900));
        recoveryEvents.publish(recovery("recovery_redis_2", "redis_failure", Outcome.SUCCESS));
        recoveryEvents.publish(drill("drill_db_2", "database_failure", Outcome.SUCCESS, 240, 1800));
        await(
                "resolved by the next successes",
                WAIT,
                () -> "resolved".equals(alertStatus("drill_failed"))
                        && "resolved".equals(alertStatus("recovery_failed"))
                        && "resolved".equals(alertStatus("rto_exceeded")));

        String after = given().get("/q/metrics").asString();
        assertEquals(
                1.0,
                metric(after, "textloom_backup_drill_completed_total{scenario=\"redis_failure\",status=\"failed\"}"));
        assertEquals(
                1.0,
                metric(after, "textloom_backup_drill_completed_total{scenario=\"redis_failure\",status=\"success\"}"));
        assertEquals(
                2.0,
                metric(
                        after,
                        "textloom_backup_drill_completed_total{scenario=\"database_failure\",status=\"success\"}"));
        assertEquals(
                1.0,
                metric(
                        after,
                        "textloom_backup_recovery_completed_total{dry_run=\"false\",scenario=\"redis_failure\",status=\"failed\"}"));
        assertEquals(240.0, metric(after, "textloom_backup_drill_rto_seconds{scenario=\"database_failure\"}"));
        assertEquals(120.0, metric(after, "textloom_backup_drill_rto_seconds{scenario=\"redis_failure\"}"));
        assertEquals(1800.0, metric(after, "textloom_backup_drill_rto_target_seconds{scenario=\"database_failure\"}"));
        assertEquals(90.0, metric(after, "textloom_backup_recovery_rto_seconds{scenario=\"redis_failure\"}"));
        assertEquals(0.0, metric(after, "textloom_backup_drill_failed{scenario=\"redis_failure\"}"));
        assertEquals(0.0, metric(after, "textloom_backup_recovery_failed{scenario=\"redis_failure\"}"));
        assertEquals(
                0.0,
                metric(after, "textloom_backup_drill_overdue{scenario=\"full_disaster\"}"),
                "never drilled, but the monitor just started");

        JsonNode view = get("/api/recovery");
        assertEquals("drill_db_2", view.get("drills").get(0).get("id").asText(), "newest first");
        assertEquals(
                "/api/recovery/drills/drill_db_2/report",
                view.get("drills").get(0).get("report_url").asText());
        assertEquals(2, view.get("recoveries").size());
        for (JsonNode h : view.get("rto_history")) {
            if (h.get("scenario").asText().equals("database_failure")) {
                assertEquals(2400.0, h.get("points").get(0).get("rto_seconds").asDouble());
                assertEquals(240.0, h.get("points").get(1).get("rto_seconds").asDouble());
            }
        }
    }

    @Test
    @Order(8)
    void theDashboardShowsTheObjectivesTableTheLatestRunsWithTheirReportsAndTheRtoHistory() throws Exception {
        MonitorTestResource.receiver.answer("/api/objectives", "application/json", OBJECTIVES);
        MonitorTestResource.receiver.answer(
                "/api/drills/drill_redis_2",
                "text/html; charset=UTF-8",
                "<!DOCTYPE html><html><head><title>Drill drill_redis_2</title></head><body><h1>Drill report drill_redis_2"
                        + "</h1></body></html>");
        await(
                "the drills of the previous test",
                WAIT,
                () -> given().get("/api/recovery").jsonPath().getList("drills").size() >= 4);
        Path profile = Files.createTempDirectory("chromium-profile");
        WebDriver browser = browser(profile);
        try {
            browser.get(root.toString());
            Page page = new Page(browser);
            FluentWait<WebDriver> wait = page.retrying();
            wait.until(d -> d.findElements(By.cssSelector("#objectives tr[data-scenario]"))
                            .size()
                    == 3);
            String redis = "#objectives tr[data-scenario='redis_failure'] .";
            assertEquals("15m", page.text(redis + "rto-target"));
            assertEquals("20m", page.text(redis + "rto-measured"));
            assertEquals("not met", page.text(redis + "rto-met"));
            assertEquals("1h 6m", page.text(redis + "rpo-achievable"));
            assertEquals("not met", page.text(redis + "rpo-met"));
            assertEquals(
                    "ok", page.text(redis + "drill-state"), "the monitor's own view: the newest redis drill succeeded");
            String db = "#objectives tr[data-scenario='database_failure'] .";
            assertEquals("4m", page.text(db + "rto-measured"));
            assertEquals("met", page.text(db + "rto-met"));
            assertEquals("21m", page.text(db + "rpo-achievable"));
            String full = "#objectives tr[data-scenario='full_disaster'] .";
            assertEquals("n/a", page.text(full + "rto-measured"), "never drilled");
            assertEquals("4h", page.text(full + "rto-target"));

            wait.until(d -> !d.findElements(By.cssSelector("#runs tr[data-run-id='drill_redis_2'] a.report"))
                    .isEmpty());
            assertEquals(
                    6,
                    browser.findElements(By.cssSelector("#runs tr[data-run-id]"))
                            .size(),
                    "four drills and two recoveries");
            assertEquals("failed", page.text("#runs tr[data-run-id='drill_redis_1'] .run-status"));
            @SuppressWarnings("unchecked")
            List<String> series = (List<String>) ((JavascriptExecutor) browser)
                    .executeScript("return Object.values(Chart.instances).filter(c => c.canvas.id === 'chart-rto')[0]"
                            + ".data.datasets.map(d => d.label);");
            assertEquals(List.of("database_failure", "redis_failure"), series, "measured RTO per scenario");
            @SuppressWarnings("unchecked")
            List<String> requested = (List<String>) ((JavascriptExecutor) browser)
                    .executeScript("return performance.getEntriesByType('resource').map(e => e.name);");
            String origin = root.toString().replaceAll("/$", "");
            assertTrue(
                    requested.stream().allMatch(u -> u.startsWith(origin)),
                    "no request leaves the machine: " + requested);

            ((JavascriptExecutor) browser).executeScript("document.getElementById('objectives').scrollIntoView();");
            Files.copy(
                    ((org.openqa.selenium.TakesScreenshot) browser)
                            .getScreenshotAs(org.openqa.selenium.OutputType.FILE)
                            .toPath(),
                    Path.of("target/dashboard-recovery.png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            // the report link opens disaster-recovery's drill page, relayed by the monitor
            String report = page.attribute("#runs tr[data-run-id='drill_redis_2'] a.report", "href");
            browser.get(report);
            assertEquals(
                    "Drill report drill_redis_2",
                    browser.findElement(By.tagName("h1")).getText());
            assertTrue(
                    MonitorTestResource.receiver.gets().stream()
                            .anyMatch(g -> g.path().equals("/api/drills/drill_redis_2")
                                    && g.body().contains("text/html")),
                    "asked disaster-recovery for the HTML page");
        } finally {
            quit(browser, profile);
        }
        given().get("/api/recovery/drills/a%20b/report")
                .then()
                .statusCode(400)
                .body("field", equalTo("id"))
                .body("error", equalTo("bad_request"));
        given().get("/api/recovery/drills/drill_redis_2/report")
                .then()
                .statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'none'"));
    }

    @Test
    @Order(9)
    void theMonitorWritesAPrivateSystemMetricsLineEveryInterval() throws Exception {
        Path log = Path.of("target/logs/system_metrics.log");
        String node = get("/api/metrics").get("monitor").get("node").asText();
        await("two snapshots of this instance", WAIT, () -> {
            try {
                return Files.readAllLines(log).stream()
                                .filter(l -> l.contains("\"node\":\"" + node + "\""))
                                .count()
                        >= 2;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertEquals(
                "rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
        List<String> mine = Files.readAllLines(log).stream()
                .filter(l -> l.contains("\"node\":\"" + node + "\""))
                .toList();
        JsonNode last = JSON.readTree(mine.get(mine.size() - 1));
        for (String field : List.of(
                "timestamp",
                "backup_success_rate",
                "last_backup_age_hours",
                "disk_space_used_percent",
                "avg_success_rate",
                "active_alerts",
                "services_up",
                "drills_failed",
                "recoveries_failed")) {
            assertTrue(last.has(field), field + " missing in " + last);
        }
        assertEquals(
                get("/api/metrics").get("totals").get("backups").asLong(),
                last.get("backups").asLong());
        String monitorLog = Files.readString(Path.of("target/logs/backup_monitor.log"));
        assertTrue(!monitorLog.contains("\"backup_success_rate\""), "the snapshots go to system_metrics.log only");
        assertTrue(scheduler.getScheduledJob(SystemMetricsLog.JOB) != null, "written by the job on quarkus-scheduler");
    }

    private static String chromium() {
        for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new AssertionError("no Chromium found: bin/test installs the Debian package 'chromium'");
    }
}
