package com.textloom.backup.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static com.textloom.backup.deploy.Checkout.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Prometheus and Grafana files of {@code deploy/} (issue 13, item 4): the scrape config loads rule files that
 * exist (checked by {@code promtool check config} and by resolving each path as Prometheus does, relative to the
 * config), the alert rules pass {@code promtool check rules} and their unit tests ({@code promtool test rules}), and
 * every dashboard is templated on its datasource instead of a hard-coded uid.
 */
class MonitoringFilesTest {

    private static final String PROMTOOL = "promtool (Debian package prometheus)";

    @Test
    void thePrometheusConfigLoadsRuleFilesThatExist() {
        Path config = ROOT.resolve("deploy/prometheus/prometheus.yml");
        List<?> ruleFiles = (List<?>) Checkout.at(Checkout.yamlFile("deploy/prometheus/prometheus.yml"), "rule_files");
        assertFalse(ruleFiles == null || ruleFiles.isEmpty(), "no rule_files");
        for (Object file : ruleFiles) {
            assertTrue(Files.isRegularFile(config.getParent().resolve(file.toString())),
                    "rule_files names " + file + ", which is not beside prometheus.yml (Prometheus resolves it from there)");
        }
        String out = Checkout.succeed(PROMTOOL, "promtool", "check", "config", config.toString());
        assertTrue(out.contains("SUCCESS: " + ruleFiles.size() + " rule files found"), out);
    }

    @Test
    void theAlertRulesPassPromtoolAndTheirUnitTests() {
        Checkout.succeed(PROMTOOL, "promtool", "check", "rules", "deploy/prometheus/textloom-backup-alerts.yml");
        String out = Checkout.succeed(PROMTOOL, "promtool", "test", "rules", "deploy/prometheus/textloom-backup-alerts.test.yml");
        assertTrue(out.contains("SUCCESS"), out);
    }

    @Test
    void everyDashboardIsTemplatedOnItsDatasource() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("deploy/grafana/dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = json.readTree(file.toFile());
                boolean variable = false;
                for (JsonNode v : dashboard.path("templating").path("list")) {
                    variable |= "datasource".equals(v.path("name").asText()) && "datasource".equals(v.path("type").asText())
                            && "prometheus".equals(v.path("query").asText());
                }
                if (!variable) {
                    problems.add(file.getFileName() + ": no datasource variable of type prometheus");
                }
                for (JsonNode ds : dashboard.findValues("datasource")) {
                    if (ds.isObject() && ds.has("uid") && !"${datasource}".equals(ds.path("uid").asText())) {
                        problems.add(file.getFileName() + ": datasource uid " + ds.path("uid").asText() + " is hard-coded");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }
}
