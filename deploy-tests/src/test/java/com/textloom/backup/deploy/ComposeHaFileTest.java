package com.textloom.backup.deploy;

import static com.textloom.backup.deploy.Checkout.ROOT;
import static com.textloom.backup.deploy.Checkout.at;
import static com.textloom.backup.deploy.Checkout.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/docker-compose.ha.yml} (issue 13, high availability) matches the Compose specification's schema and
 * deploys two managers that elect the active one (both {@code BACKUP_MODE=standby}) on the same repository and state
 * volumes with log files of their own, and three monitors without a host port of their own (so {@code --scale} works)
 * and with one log file per replica, behind one proxy publishing 8081; every service it extends exists in
 * {@code docker-compose.backup.yml}, and every named volume those use is declared.
 */
class ComposeHaFileTest {
    private static final String FILE = "deploy/docker-compose.ha.yml";
    private final Map<String, Object> compose = Checkout.yamlFile(FILE);
    private final Map<String, Object> base = Checkout.yamlFile("deploy/docker-compose.backup.yml");

    @Test
    void matchesTheComposeSpecification() {
        Checkout.validateSchema("compose", ROOT.resolve(FILE));
    }

    @Test
    void twoManagersElectTheActiveOneOnSharedVolumesWithLogsOfTheirOwn() {
        Set<String> logs = new HashSet<>();
        for (String name : List.of("backup-manager", "backup-manager-b")) {
            Map<String, Object> service = map(at(compose, "services", name));
            assertEquals("backup-manager", at(service, "extends", "service"), name);
            Map<String, Object> env = map(service.get("environment"));
            assertEquals("standby", env.get("BACKUP_MODE"), name + " must take part in the election");
            for (String log : List.of(
                    "QUARKUS_LOG_FILE_PATH",
                    "QUARKUS_LOG_HANDLER_FILE_ERRORS_PATH",
                    "QUARKUS_LOG_HANDLER_FILE_AUDIT_PATH")) {
                assertTrue(logs.add(String.valueOf(env.get(log))), name + " shares the log file " + env.get(log));
            }
        }
        String volumes = String.valueOf(at(base, "services", "backup-manager", "volumes"));
        assertTrue(
                volumes.contains("backup-data:/backups/local")
                        && volumes.contains("manager-state:/backups/manager-state"),
                "the managers (extending the base manager) share the repository and the state volume: " + volumes);
        assertNotEquals(
                at(base, "services", "backup-manager", "ports"),
                at(compose, "services", "backup-manager-b", "ports"),
                "the second manager needs a host port of its own");
    }

    @Test
    void threeMonitorsBehindOnePortEachWithItsOwnLogFile() throws Exception {
        Map<String, Object> monitor = map(at(compose, "services", "backup-monitor"));
        assertEquals(3, at(monitor, "deploy", "replicas"));
        assertEquals(List.of(), monitor.get("ports"), "a published port would stop --scale (ports: !reset [])");
        assertTrue(
                String.valueOf(at(monitor, "environment", "QUARKUS_LOG_FILE_PATH"))
                        .contains("$${HOSTNAME}"),
                "each replica needs a log file of its own");
        assertEquals(List.of("monitor-proxy 8081:8081"), Checkout.portsOnEveryInterface(compose));
        String conf = String.valueOf(at(compose, "services", "monitor-proxy", "volumes"))
                .split(":")[0]
                .replace("[", "");
        assertTrue(
                Files.readString(ROOT.resolve("deploy").resolve(conf).normalize())
                        .contains("http://backup-monitor:8081"),
                "the proxy does not forward to the monitors");
    }

    @Test
    void everyExtendedServiceAndItsVolumesExist() {
        Set<String> declared = map(compose.get("volumes")).keySet();
        map(compose.get("services")).forEach((name, service) -> {
            Object extended = at(service, "extends", "service");
            if (extended == null) {
                return;
            }
            assertEquals("docker-compose.backup.yml", at(service, "extends", "file"), name);
            Object original = at(base, "services", extended);
            assertTrue(original != null, name + " extends " + extended + ", which the base file does not have");
            for (Object volume : at(original, "volumes") instanceof List<?> l ? l : List.of()) {
                String source = String.valueOf(volume).split(":")[0];
                if (!source.startsWith(".") && !source.startsWith("$") && !source.startsWith("/")) {
                    assertTrue(declared.contains(source), name + " uses the volume " + source + ", not declared here");
                }
            }
        });
    }

    @Test
    void everyServiceOfTheBaseFileRunsHereInItsProfiles() {
        map(base.get("services")).forEach((name, original) -> {
            Object service = at(compose, "services", name);
            assertTrue(service != null, "the HA file lacks " + name + " of docker-compose.backup.yml");
            assertEquals(
                    at(original, "profiles"), at(service, "profiles"), name + ": profiles differ from the base file's");
        });
    }
}
