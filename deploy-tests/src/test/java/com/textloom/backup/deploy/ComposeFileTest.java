package com.textloom.backup.deploy;

import static com.textloom.backup.deploy.Checkout.ROOT;
import static com.textloom.backup.deploy.Checkout.at;
import static com.textloom.backup.deploy.Checkout.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/docker-compose.backup.yml} matches the Compose specification's schema and deploys what the suite
 * needs (issue 13, items 2, 4 and 5): the four services on the application's network with its database, Redis,
 * workspace and logs (read-only) as the containers see them; only the monitor's port on every interface; MinIO
 * without fallback credentials; Prometheus and Grafana in the {@code monitoring} profile with files that exist.
 */
class ComposeFileTest {

    private static final String FILE = "deploy/docker-compose.backup.yml";
    private static final List<String> SERVICES =
            List.of("backup-manager", "backup-monitor", "backup-scheduler", "disaster-recovery");
    private static final Pattern DEFAULTED = Pattern.compile("^\\$\\{[A-Z_]+:-(.*)}$");

    private final Map<String, Object> compose = Checkout.yamlFile(FILE);

    @Test
    void matchesTheComposeSpecification() {
        Checkout.validateSchema("compose", ROOT.resolve(FILE));
    }

    @Test
    void theServicesReachTheApplicationTheyProtect() {
        assertEquals(
                Boolean.TRUE,
                at(compose, "networks", "textloom", "external"),
                "the application's network is not joined");
        for (String name : SERVICES) {
            Map<String, Object> service = map(at(compose, "services", name));
            assertTrue(
                    String.valueOf(service.get("networks")).contains("textloom"),
                    name + " is not on the application's network");
            Map<String, Object> env = map(service.get("environment"));
            for (String variable : List.of("DATABASE_URL", "REDIS_URL")) {
                String value = resolved(env.get(variable));
                assertTrue(
                        value != null && !value.contains("127.0.0.1") && !value.contains("localhost"),
                        name + ": " + variable + " = " + value + " is the container itself");
            }
            assertEquals("/textloom/workspace", env.get("TEXTLOOM_WORKSPACE_DIR"), name);
            assertEquals(
                    "/textloom/logs",
                    env.get("TEXTLOOM_LOG_DIR"),
                    name + ": without it the manager backs up its own logs");
        }
        String volumes = String.valueOf(at(compose, "services", "backup-manager", "volumes"));
        assertTrue(
                volumes.contains(":/textloom/workspace:ro") && volumes.contains(":/textloom/logs:ro"),
                "the manager does not mount the application's workspace and logs read-only: " + volumes);
        assertTrue(
                String.valueOf(at(compose, "services", "backup-monitor", "volumes"))
                        .contains("backup-data:/backups/local"),
                "the monitor's disk figures must be those of the backup volume");
    }

    /**
     * Issue 13 item 6: the image carried the distribution's PostgreSQL client whatever the server; now its major version
     * is a build argument (Compose: {@code PG_CLIENT_VERSION}, default 16) installed from apt.postgresql.org. Checked as
     * written (no Docker engine here to build the image).
     */
    @Test
    void thePostgresClientVersionIsABuildArgumentOfTheImagesThatRunPgDump() throws Exception {
        for (String name : List.of("backup-manager", "disaster-recovery")) {
            Map<String, Object> args = map(at(compose, "services", name, "build", "args"));
            assertEquals("16", resolved(args.get("PG_CLIENT_VERSION")), name + ": " + args);
        }
        String dockerfile = Files.readString(ROOT.resolve("deploy/docker/Dockerfile.jvm"));
        String run = dockerfile.substring(dockerfile.indexOf("ARG PG_CLIENT_VERSION"));
        assertTrue(
                run.contains("https://apt.postgresql.org/pub/repos/apt ${VERSION_CODENAME}-pgdg main")
                        && run.contains("\"postgresql-client-${PG_CLIENT_VERSION}\"")
                        && run.contains("if [ -n \"$PG_CLIENT_VERSION\" ]"),
                "the runtime stage installs the asked client version: " + run);
    }

    /**
     * Issue 13, images: one Maven build for the four images (the build stage takes no argument, so its layers are the
     * same for every {@code SERVICE} and BuildKit runs it once), and a run stage that receives security updates (a
     * floating JRE tag, not a patch release pinned for ever, and the distribution's pending updates applied). Checked
     * as written: there is no Docker engine here to build the images.
     */
    @Test
    void theFourImagesShareOneBuildAndTakeSecurityUpdates() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("deploy/docker/Dockerfile.jvm"));
        List<String> stages = List.of(dockerfile.split("(?m)^(?=FROM )"));
        String build = stages.stream()
                .filter(st -> st.startsWith("FROM ") && st.contains(" AS build"))
                .findFirst()
                .orElseThrow();
        assertFalse(
                Pattern.compile("(?m)^ARG ").matcher(build).find(),
                "the build stage depends on a build argument: " + build);
        for (String name : SERVICES) {
            assertTrue(build.contains(name), "the shared build stage does not build " + name);
            assertEquals("deploy/docker/Dockerfile.jvm", at(compose, "services", name, "build", "dockerfile"), name);
        }
        String run = stages.get(stages.size() - 1);
        Matcher base = Pattern.compile("^FROM (\\S+)").matcher(run);
        assertTrue(base.find(), run);
        assertTrue(
                base.group(1).matches("[^:]+:\\d+-jre"),
                "the run stage pins a JRE release that gets no updates: " + base.group(1));
        assertTrue(run.contains("apt-get upgrade -y"), "the run stage does not apply the distribution's updates");
        assertTrue(
                run.contains("COPY --from=build --chown=185:185 /apps/${SERVICE}/ /app/"),
                "the run stage does not take its service from the build");
    }

    @Test
    void onlyTheMonitorListensOnEveryInterfaceAndMinioHasNoFallbackCredentials() {
        assertEquals(List.of("backup-monitor 8081:8081"), Checkout.portsOnEveryInterface(compose));
        Map<String, Object> minio = map(at(compose, "services", "minio", "environment"));
        for (String variable : List.of("MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD")) {
            String value = String.valueOf(minio.get(variable));
            assertFalse(value.contains(":-"), variable + " falls back to a published default: " + value);
            assertTrue(
                    value.matches("^\\$\\{MINIO_(ACCESS|SECRET)_KEY:\\?.+}$"),
                    variable + " must require the .env.backup value: " + value);
        }
    }

    @Test
    void theMonitoringProfileShipsPrometheusAndGrafanaWithFilesThatExist() {
        for (String name : List.of("prometheus", "grafana")) {
            assertEquals(List.of("monitoring"), at(compose, "services", name, "profiles"), name);
            for (Object volume : (List<?>) at(compose, "services", name, "volumes")) {
                String source = String.valueOf(volume).split(":")[0];
                if (source.startsWith(".")) {
                    assertTrue(
                            Files.isDirectory(
                                    ROOT.resolve("deploy").resolve(source).normalize()),
                            name + " mounts missing " + source);
                }
            }
        }
        Map<String, Object> provisioning =
                Checkout.yamlFile("deploy/grafana/provisioning/dashboards/textloom-backup.yml");
        String dashboards = (String) at(provisioning, "providers", 0, "options", "path");
        assertTrue(
                String.valueOf(at(compose, "services", "grafana", "volumes"))
                        .contains("./grafana/dashboards:" + dashboards + ":ro"),
                "Grafana's dashboard provider reads " + dashboards + ", where Compose mounts no dashboards");
    }

    /** A {@code ${NAME:-default}} value as Compose resolves it when NAME is not set. */
    private static String resolved(Object value) {
        if (value == null) {
            return null;
        }
        Matcher m = DEFAULTED.matcher(value.toString());
        return m.matches() ? m.group(1) : value.toString();
    }
}
