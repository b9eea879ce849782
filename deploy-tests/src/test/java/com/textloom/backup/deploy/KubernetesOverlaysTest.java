package com.textloom.backup.deploy;

import static com.textloom.backup.deploy.Checkout.ROOT;
import static com.textloom.backup.deploy.Checkout.at;
import static com.textloom.backup.deploy.Checkout.list;
import static com.textloom.backup.deploy.Checkout.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Kustomize overlay of {@code k8s/overlays}, rendered as {@code kubectl apply -k} would ({@code kubectl
 * kustomize}; the prod overlay with {@code secrets.env} copied from its example), validates against the Kubernetes
 * schemas and deploys what the suite needs (issue 13, items 2, 4 and 5): the application's workspace and logs
 * mounted where TEXTLOOM_WORKSPACE_DIR / TEXTLOOM_LOG_DIR say, every address of the dev overlay a Service of the
 * render, BACKUP_API_KEY in the Secret, a NetworkPolicy keeping the ports internal, a size limit on every
 * {@code emptyDir}, and the monitor measuring the backup volume. Monitoring shipped (issue 13): the dev overlay's
 * Prometheus and Grafana run the very files of {@code deploy/prometheus} and {@code deploy/grafana} (the config
 * passes {@code promtool check config} as mounted), and the operator overlay's PrometheusRule holds exactly the
 * rules promtool tests, its ServiceMonitor every service's metrics.
 */
class KubernetesOverlaysTest {

    private static final List<String> SERVICES =
            List.of("backup-manager", "backup-monitor", "backup-scheduler", "disaster-recovery");
    private static final Map<String, List<Map<String, Object>>> RENDERED = new LinkedHashMap<>();

    @TempDir
    static Path work;

    @BeforeAll
    static void renderEveryOverlay() throws IOException {
        Path copy = work.resolve("k8s");
        // components/monitoring reads deploy/'s monitoring files through deploy/kustomization.yaml
        Checkout.copyTrees(work, "k8s", "deploy/kustomization.yaml", "deploy/prometheus", "deploy/grafana");
        Files.copy(copy.resolve("overlays/prod/secrets.env.example"), copy.resolve("overlays/prod/secrets.env"));
        try (Stream<Path> overlays = Files.list(copy.resolve("overlays"))) {
            for (Path overlay : overlays.sorted().toList()) {
                String yaml = Checkout.succeed(
                        "kubectl (its built-in kustomize)", "kubectl", "kustomize", overlay.toString());
                Path rendered = work.resolve(overlay.getFileName() + ".yaml");
                Files.writeString(rendered, yaml);
                RENDERED.put(overlay.getFileName().toString(), Checkout.yamlDocuments(yaml));
            }
        }
        assertEquals(Set.of("dev", "ha", "operator", "prod"), RENDERED.keySet());
    }

    @Test
    void everyOverlayValidatesAgainstTheKubernetesSchemas() {
        for (String overlay : RENDERED.keySet()) {
            Checkout.validateSchema("kubernetes", work.resolve(overlay + ".yaml"));
        }
    }

    @Test
    void theManagerMountsTheApplicationsWorkspaceAndLogsWhereItsVariablesPoint() {
        for (var entry : RENDERED.entrySet()) {
            List<Map<String, Object>> docs = entry.getValue();
            Map<String, Object> config = map(at(one(docs, "ConfigMap", "textloom-backup-config"), "data"));
            String workspace = (String) config.get("TEXTLOOM_WORKSPACE_DIR");
            String logs = (String) config.get("TEXTLOOM_LOG_DIR");
            assertTrue(
                    workspace != null && workspace.startsWith("/"),
                    entry.getKey() + ": TEXTLOOM_WORKSPACE_DIR not set absolute");
            assertTrue(
                    logs != null && logs.startsWith("/") && !logs.startsWith("/app/logs"),
                    entry.getKey()
                            + ": TEXTLOOM_LOG_DIR must be the application's logs, not the manager's own /app/logs");
            Map<String, Object> manager = one(docs, "Deployment", "backup-manager");
            for (String path : List.of(workspace, logs)) {
                Map<String, Object> mount = mount(manager, path);
                assertEquals(
                        Boolean.TRUE,
                        mount.get("readOnly"),
                        entry.getKey() + ": " + path + " must be mounted read-only");
                Map<String, Object> volume = volume(manager, (String) mount.get("name"));
                assertTrue(
                        volume.containsKey("persistentVolumeClaim"),
                        entry.getKey() + ": " + path + " is not the application's volume");
            }
            for (String service : SERVICES) {
                assertTrue(
                        list(at(container(one(docs, "Deployment", service)), "envFrom")).stream()
                                .anyMatch(e -> "textloom-backup-config".equals(at(e, "configMapRef", "name"))),
                        service + " does not read the ConfigMap");
            }
        }
    }

    @Test
    void theDevOverlayBringsEveryServiceItsAddressesName() {
        List<Map<String, Object>> docs = RENDERED.get("dev");
        Map<String, String> settings = new HashMap<>();
        map(at(one(docs, "ConfigMap", "textloom-backup-config"), "data"))
                .forEach((k, v) -> settings.put(k, String.valueOf(v)));
        settings.putAll(secret(docs));
        List<String> problems = new ArrayList<>();
        for (String variable : List.of(
                "DATABASE_URL",
                "REDIS_URL",
                "KAFKA_BOOTSTRAP_SERVERS",
                "MINIO_ENDPOINT",
                "BACKUP_MANAGER_URL",
                "BACKUP_SCHEDULER_URL",
                "BACKUP_MONITOR_URL")) {
            String value = settings.get(variable);
            String host = value == null
                    ? null
                    : URI.create(value.contains("://") ? value : "tcp://" + value)
                            .getHost();
            if (host == null || host.equals("localhost") || host.startsWith("127.")) {
                problems.add(variable + ": " + (host == null ? "not set" : "points at the container itself"));
                continue;
            }
            Map<String, Object> service = find(docs, "Service", host);
            if (service == null) {
                problems.add(variable + ": no Service '" + host + "' in the dev overlay");
            } else if (docs.stream()
                    .noneMatch(d -> Set.of("Deployment", "StatefulSet").contains(d.get("kind"))
                            && map(at(d, "spec", "template", "metadata", "labels"))
                                    .entrySet()
                                    .containsAll(
                                            map(at(service, "spec", "selector")).entrySet()))) {
                problems.add(variable + ": Service '" + host + "' selects no workload");
            }
        }
        assertEquals(List.of(), problems);
        for (Map<String, Object> d : docs) {
            for (Map<String, Object> v : list(at(d, "spec", "template", "spec", "volumes"))) {
                Object claim = at(v, "persistentVolumeClaim", "claimName");
                assertTrue(
                        claim == null || find(docs, "PersistentVolumeClaim", (String) claim) != null,
                        at(d, "metadata", "name") + " mounts the PVC " + claim
                                + ", which the dev overlay does not create");
            }
        }
    }

    @Test
    void theSecretsHoldAnApiKey() throws IOException {
        assertFalse(
                secret(RENDERED.get("dev")).getOrDefault("BACKUP_API_KEY", "").isBlank(),
                "dev Secret without BACKUP_API_KEY");
        assertTrue(
                secret(RENDERED.get("prod")).containsKey("BACKUP_API_KEY"),
                "prod secrets.env.example without BACKUP_API_KEY");
    }

    @Test
    void aNetworkPolicyAdmitsOnlyPodsOfTheNamespace() {
        for (var entry : RENDERED.entrySet()) {
            List<Map<String, Object>> policies = entry.getValue().stream()
                    .filter(d -> "NetworkPolicy".equals(d.get("kind")))
                    .toList();
            assertTrue(
                    policies.stream()
                            .anyMatch(p -> map(at(p, "spec", "podSelector")).isEmpty()
                                    && list(at(p, "spec", "policyTypes")).contains("Ingress")
                                    && list(at(p, "spec", "ingress")).stream()
                                            .allMatch(rule -> list(rule.get("from")).stream()
                                                    .allMatch(from ->
                                                            from.keySet().equals(Set.of("podSelector"))))),
                    entry.getKey() + ": no NetworkPolicy restricting ingress of every pod to the namespace");
        }
    }

    @Test
    void everyEmptyDirHasASizeLimit() {
        for (var entry : RENDERED.entrySet()) {
            for (Map<String, Object> d : entry.getValue()) {
                for (Map<String, Object> v : list(at(d, "spec", "template", "spec", "volumes"))) {
                    if (v.containsKey("emptyDir")) {
                        assertTrue(
                                map(v.get("emptyDir")).containsKey("sizeLimit"),
                                entry.getKey() + ": " + at(d, "metadata", "name") + " volume " + v.get("name")
                                        + ": emptyDir without sizeLimit");
                    }
                }
            }
        }
    }

    @Test
    void theHaOverlayRunsAStandbyManagerOnSharedVolumesAndThreeMonitors() {
        List<Map<String, Object>> docs = RENDERED.get("ha");
        Map<String, Object> manager = one(docs, "Deployment", "backup-manager");
        assertEquals(2, at(manager, "spec", "replicas"), "an active and a standby manager");
        assertTrue(
                list(at(container(manager), "env")).stream()
                        .anyMatch(e -> "BACKUP_MODE".equals(e.get("name")) && "standby".equals(e.get("value"))),
                "both managers take part in the election (BACKUP_MODE=standby)");
        assertEquals(
                "/q/health/group/active",
                at(container(manager), "readinessProbe", "httpGet", "path"),
                "the backup-manager Service must reach the active manager only");
        for (String volume : List.of("backup-data", "manager-state")) {
            String claim = (String) at(volume(manager, volume), "persistentVolumeClaim", "claimName");
            assertEquals(
                    List.of("ReadWriteMany"),
                    at(one(docs, "PersistentVolumeClaim", claim), "spec", "accessModes"),
                    claim + ": both managers mount it");
        }
        assertEquals(3, at(one(docs, "Deployment", "backup-monitor"), "spec", "replicas"));
        assertEquals(
                "emptyDir",
                volume(one(docs, "Deployment", "backup-monitor"), "logs").keySet().stream()
                        .filter(k -> !k.equals("name"))
                        .findFirst()
                        .orElse(null),
                "each monitor pod logs to its own files");
    }

    @Test
    void theMonitorMeasuresTheBackupVolume() {
        for (var entry : RENDERED.entrySet()) {
            List<Map<String, Object>> docs = entry.getValue();
            String localDir = (String) at(one(docs, "ConfigMap", "textloom-backup-config"), "data", "BACKUP_LOCAL_DIR");
            Map<String, Object> monitor = one(docs, "Deployment", "backup-monitor");
            Map<String, Object> volume =
                    volume(monitor, (String) mount(monitor, localDir).get("name"));
            assertEquals("backup-data", at(volume, "persistentVolumeClaim", "claimName"), entry.getKey());
        }
    }

    @Test
    void theMonitoringComponentRunsTheFilesOfDeploy() throws IOException {
        List<Map<String, Object>> docs = RENDERED.get("dev");
        Map<String, Object> prometheus = one(docs, "Deployment", "prometheus");
        Map<String, Object> grafana = one(docs, "Deployment", "grafana");
        Path etc = work.resolve("etc-prometheus");
        Files.createDirectories(etc);
        Map<String, Object> config = mountedConfigMap(docs, prometheus, "/etc/prometheus");
        for (String file : List.of("prometheus.yml", "textloom-backup-alerts.yml")) {
            assertEquals(Files.readString(ROOT.resolve("deploy/prometheus").resolve(file)), config.get(file), file);
            Files.writeString(etc.resolve(file), (String) config.get(file));
        }
        assertTrue(list(at(container(prometheus), "args"))
                .toString()
                .contains("--config.file=/etc/prometheus/prometheus.yml"));
        String out = Checkout.succeed(
                "promtool (Debian package prometheus)",
                "promtool",
                "check",
                "config",
                etc.resolve("prometheus.yml").toString());
        assertTrue(out.contains("SUCCESS: 1 rule files found"), out);

        Map<String, Object> provider = Checkout.yamlFile("deploy/grafana/provisioning/dashboards/textloom-backup.yml");
        Map<String, String> mounted = Map.of(
                "/etc/grafana/provisioning/datasources",
                "deploy/grafana/provisioning/datasources",
                "/etc/grafana/provisioning/dashboards",
                "deploy/grafana/provisioning/dashboards",
                (String) at(provider, "providers", 0, "options", "path"),
                "deploy/grafana/dashboards");
        for (var entry : mounted.entrySet()) {
            Map<String, Object> data = mountedConfigMap(docs, grafana, entry.getKey());
            Map<String, Object> expected = new HashMap<>();
            try (Stream<Path> files = Files.list(ROOT.resolve(entry.getValue()))) {
                for (Path f : files.toList()) {
                    expected.put(f.getFileName().toString(), Files.readString(f));
                }
            }
            assertEquals(expected, data, entry.getKey() + " must hold exactly the files of " + entry.getValue());
        }
        String datasourceUrl = (String) at(
                Checkout.yamlFile("deploy/grafana/provisioning/datasources/prometheus.yml"), "datasources", 0, "url");
        Map<String, Object> service =
                one(docs, "Service", URI.create(datasourceUrl).getHost());
        assertEquals(
                URI.create(datasourceUrl).getPort(),
                at(service, "spec", "ports", 0, "port"),
                "Grafana's datasource " + datasourceUrl);
    }

    @Test
    void thePrometheusRuleHoldsTheRulesPromtoolTests() {
        List<Map<String, Object>> docs = RENDERED.get("operator");
        Map<String, Object> rule = one(docs, "PrometheusRule", "textloom-backup");
        assertEquals(
                Checkout.yamlFile("deploy/prometheus/textloom-backup-alerts.yml"),
                rule.get("spec"),
                "the PrometheusRule differs from deploy/prometheus/textloom-backup-alerts.yml: run k8s/components/prometheus-operator/generate.sh");
    }

    @Test
    void theServiceMonitorScrapesEveryService() {
        List<Map<String, Object>> docs = RENDERED.get("operator");
        Map<String, Object> monitor = one(docs, "ServiceMonitor", "textloom-backup");
        Map<String, Object> endpoint = list(at(monitor, "spec", "endpoints")).get(0);
        assertEquals("/q/metrics", endpoint.get("path"));
        assertEquals(
                Boolean.TRUE, endpoint.get("honorLabels"), "textloom_backup_service_up's own service label must win");
        for (String name : SERVICES) {
            Map<String, Object> service = one(docs, "Service", name);
            Map<String, Object> labels = map(at(service, "metadata", "labels"));
            assertTrue(
                    labels.entrySet()
                            .containsAll(map(at(monitor, "spec", "selector", "matchLabels"))
                                    .entrySet()),
                    name + " not selected");
            for (Map<String, Object> e : list(at(monitor, "spec", "selector", "matchExpressions"))) {
                assertTrue(list(e.get("values")).contains(labels.get(e.get("key"))), name + " not selected by " + e);
            }
            assertTrue(
                    list(at(service, "spec", "ports")).stream()
                            .anyMatch(p -> endpoint.get("port").equals(p.get("name"))),
                    name + " has no port " + endpoint.get("port"));
        }
        assertTrue(
                find(docs, "NetworkPolicy", "textloom-backup-prometheus-scrape") != null,
                "the operator's Prometheus cannot reach the pods");
    }

    /** The data of the ConfigMap that {@code deployment} mounts at {@code path}. */
    private static Map<String, Object> mountedConfigMap(
            List<Map<String, Object>> docs, Map<String, Object> deployment, String path) {
        String name =
                (String) at(volume(deployment, (String) mount(deployment, path).get("name")), "configMap", "name");
        assertTrue(name != null, at(deployment, "metadata", "name") + ": " + path + " is not a ConfigMap");
        return map(one(docs, "ConfigMap", name).get("data"));
    }

    private static Map<String, String> secret(List<Map<String, Object>> docs) {
        Map<String, Object> secret = docs.stream()
                .filter(d -> "Secret".equals(d.get("kind"))
                        && String.valueOf(at(d, "metadata", "name")).startsWith("textloom-backup-secrets"))
                .findFirst()
                .orElseThrow();
        Map<String, String> out = new HashMap<>();
        map(secret.get("data"))
                .forEach((k, v) -> out.put(
                        k, new String(Base64.getMimeDecoder().decode(String.valueOf(v)), StandardCharsets.UTF_8)));
        return out;
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        return list(at(deployment, "spec", "template", "spec", "containers")).get(0);
    }

    private static Map<String, Object> mount(Map<String, Object> deployment, String path) {
        return list(container(deployment).get("volumeMounts")).stream()
                .filter(m -> path.equals(m.get("mountPath")))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError(at(deployment, "metadata", "name") + " mounts nothing at " + path));
    }

    private static Map<String, Object> volume(Map<String, Object> deployment, String name) {
        return list(at(deployment, "spec", "template", "spec", "volumes")).stream()
                .filter(v -> name.equals(v.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(at(deployment, "metadata", "name") + " has no volume " + name));
    }

    private static Map<String, Object> find(List<Map<String, Object>> docs, String kind, String name) {
        return docs.stream()
                .filter(d -> kind.equals(d.get("kind")) && name.equals(at(d, "metadata", "name")))
                .findFirst()
                .orElse(null);
    }

    private static Map<String, Object> one(List<Map<String, Object>> docs, String kind, String name) {
        Map<String, Object> found = find(docs, kind, name);
        assertTrue(found != null, "no " + kind + " " + name);
        return found;
    }
}
