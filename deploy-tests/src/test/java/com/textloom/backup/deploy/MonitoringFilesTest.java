package com.textloom.backup.deploy;

import static com.textloom.backup.deploy.Checkout.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus and Grafana files of {@code deploy/} (issue 13, item 4): the scrape config loads rule files that
 * exist (checked by {@code promtool check config} and by resolving each path as Prometheus does, relative to the
 * config), the alert rules pass {@code promtool check rules} and their unit tests ({@code promtool test rules}), and
 * every dashboard is templated on its datasource instead of a hard-coded uid. A real Prometheus with the shipped
 * scrape config keeps the {@code service} label the monitor's {@code textloom_backup_service_up} carries.
 */
class MonitoringFilesTest {

    private static final String PROMTOOL = "promtool (Debian package prometheus)";

    @Test
    void thePrometheusConfigLoadsRuleFilesThatExist() {
        Path config = ROOT.resolve("deploy/prometheus/prometheus.yml");
        List<?> ruleFiles = (List<?>) Checkout.at(Checkout.yamlFile("deploy/prometheus/prometheus.yml"), "rule_files");
        assertFalse(ruleFiles == null || ruleFiles.isEmpty(), "no rule_files");
        for (Object file : ruleFiles) {
            assertTrue(
                    Files.isRegularFile(config.getParent().resolve(file.toString())),
                    "rule_files names " + file
                            + ", which is not beside prometheus.yml (Prometheus resolves it from there)");
        }
        String out = Checkout.succeed(PROMTOOL, "promtool", "check", "config", config.toString());
        assertTrue(out.contains("SUCCESS: " + ruleFiles.size() + " rule files found"), out);
    }

    @Test
    void theAlertRulesPassPromtoolAndTheirUnitTests() {
        Checkout.succeed(PROMTOOL, "promtool", "check", "rules", "deploy/prometheus/textloom-backup-alerts.yml");
        String out = Checkout.succeed(
                PROMTOOL, "promtool", "test", "rules", "deploy/prometheus/textloom-backup-alerts.test.yml");
        assertTrue(out.contains("SUCCESS"), out);
    }

    @Test
    void everyDashboardIsTemplatedOnItsDatasource() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("deploy/grafana/dashboards"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = json.readTree(file.toFile());
                boolean variable = false;
                for (JsonNode v : dashboard.path("templating").path("list")) {
                    variable |= "datasource".equals(v.path("name").asText())
                            && "datasource".equals(v.path("type").asText())
                            && "prometheus".equals(v.path("query").asText());
                }
                if (!variable) {
                    problems.add(file.getFileName() + ": no datasource variable of type prometheus");
                }
                for (JsonNode ds : dashboard.findValues("datasource")) {
                    if (ds.isObject()
                            && ds.has("uid")
                            && !"${datasource}".equals(ds.path("uid").asText())) {
                        problems.add(file.getFileName() + ": datasource uid "
                                + ds.path("uid").asText() + " is hard-coded");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * What can page an operator can be seen: every monitor metric an alert rule uses is on the overview dashboard
     * (before: {@code textloom_backup_protected_service_up} and {@code textloom_backup_repository_lost} raised
     * critical alerts but had no panel; seen failing). The monitor's MonitorServiceIT checks the other way round,
     * that every metric the overview uses is exported.
     */
    @Test
    void theOverviewShowsEveryMetricTheAlertRulesUse() throws IOException {
        Set<String> onTheOverview =
                metricsIn(Files.readString(ROOT.resolve("deploy/grafana/dashboards/textloom-backup-overview.json")));
        Set<String> missing = new TreeSet<>(
                metricsIn(Files.readString(ROOT.resolve("deploy/prometheus/textloom-backup-alerts.yml"))));
        missing.removeAll(onTheOverview);
        assertEquals(Set.of(), missing, "metrics the alert rules use without a panel on the overview");
    }

    /** Panels of a dashboard have distinct ids and do not overlap on Grafana's grid (Grafana would move them). */
    @Test
    void everyDashboardsPanelsHaveDistinctIdsAndDoNotOverlap() throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("deploy/grafana/dashboards"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                List<JsonNode> panels = new ArrayList<>();
                new ObjectMapper().readTree(file.toFile()).path("panels").forEach(panels::add);
                Set<Integer> ids = new HashSet<>();
                for (int i = 0; i < panels.size(); i++) {
                    JsonNode a = panels.get(i);
                    if (!ids.add(a.path("id").asInt())) {
                        problems.add(file.getFileName() + ": panel id "
                                + a.path("id").asInt() + " twice");
                    }
                    for (JsonNode b : panels.subList(i + 1, panels.size())) {
                        if (overlap(a.path("gridPos"), b.path("gridPos"))) {
                            problems.add(file.getFileName() + ": panels "
                                    + a.path("title").asText() + " and "
                                    + b.path("title").asText() + " overlap");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        return a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
                && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
                && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
    }

    private static Set<String> metricsIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("textloom_backup_[a-z0-9_]+").matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    @Test
    void aRealPrometheusKeepsTheServiceLabelOfTheMonitorsMetrics(@TempDir Path work) throws Exception {
        // the monitor as Prometheus sees it: one probed service, down
        HttpServer monitor = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        monitor.createContext("/q/metrics", exchange -> {
            byte[] body = "textloom_backup_service_up{service=\"backup-manager\"} 0\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        monitor.start();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // the shipped config, with the monitor's target here and a 1 s interval instead of 30 s
        String config = Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml"))
                .replace(
                        "backup-monitor:8081",
                        "127.0.0.1:" + monitor.getAddress().getPort())
                .replace("interval: 30s", "interval: 1s");
        Files.writeString(work.resolve("prometheus.yml"), config);
        Files.copy(
                ROOT.resolve("deploy/prometheus/textloom-backup-alerts.yml"),
                work.resolve("textloom-backup-alerts.yml"));
        Process prometheus = new ProcessBuilder(
                        "prometheus",
                        "--config.file=" + work.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + work.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("prometheus.log").toFile())
                .start();
        try {
            String query = "http://127.0.0.1:" + port + "/api/v1/query?query="
                    + URLEncoder.encode("textloom_backup_service_up{job=\"backup-monitor\"}", StandardCharsets.UTF_8);
            HttpClient http = HttpClient.newHttpClient();
            JsonNode result = null;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline && (result == null || result.isEmpty())) {
                Thread.sleep(300);
                try {
                    String body = http.send(
                                    HttpRequest.newBuilder(URI.create(query)).build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
                    result = new ObjectMapper().readTree(body).path("data").path("result");
                } catch (IOException notYetListening) {
                    result = null;
                }
            }
            assertTrue(
                    result != null && result.size() == 1,
                    "no scrape of the monitor within 30 s: " + result + "\n"
                            + Files.readString(work.resolve("prometheus.log")));
            assertEquals(
                    "backup-manager",
                    result.get(0).path("metric").path("service").asText(),
                    "the probed service's name is lost to the target label: "
                            + result.get(0).path("metric"));
        } finally {
            prometheus.destroy();
            prometheus.waitFor();
            monitor.stop(0);
        }
    }
}
