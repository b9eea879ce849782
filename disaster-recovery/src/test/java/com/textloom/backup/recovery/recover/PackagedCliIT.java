package com.textloom.backup.recovery.recover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.textloom.backup.testservers.EnvBackupFile;
import com.textloom.backup.testservers.PackagedService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The guide's disaster-recovery command lines, exactly as it writes them ({@code python scripts/disaster_recovery.py
 * assess}, {@code recover --scenario database_failure --dry-run}, {@code drill --scenario database_failure}), run as
 * processes from the checkout's root (launcher → {@code scripts/disaster_recovery.sh} → {@code bin/textloom-backup},
 * backup-cli from this module's test classpath) against the <b>packaged</b> disaster-recovery service in its own JVM,
 * configured only by its {@code .env.backup}, over the recovery world's real PostgreSQL database, private
 * redis-server, Kafka broker and packaged backup-manager ({@link RecoveryWorld}, one database backup made first).
 * The user's side knows only {@code BACKUP_DR_URL} and {@code BACKUP_API_KEY}, from an env file of its own.
 * Checks what each command prints and its exit code, and that the dry run changed nothing. Runs after
 * {@code package} (the module's {@code packaged} surefire execution, like {@code PackagedStartupIT}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackagedCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

    private static RecoveryWorld world;
    private static Map<String, String> config;
    private static PackagedService dr;
    private static Path userEnv;
    private static String backupId;

    @BeforeAll
    static void startTheWorldBackUpAndStartThePackagedService() throws Exception {
        Class.forName(
                "org.postgresql.Driver"); // registered for this class loader even after a Quarkus test in this JVM
        world = new RecoveryWorld();
        world.init(Map.of());
        config = world.start();
        backupId = backUpTheDatabase();

        Path dir = Path.of(config.get("test.manager-repository")).resolveSibling("disaster-recovery");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", config.get("kafka.bootstrap.servers"));
        env.put("DATABASE_URL", config.get("database.url"));
        env.put("REDIS_URL", config.get("redis.url"));
        env.put("BACKUP_MANAGER_URL", config.get("backup.manager-url"));
        env.put("BACKUP_API_KEY", config.get("backup.api-key"));
        env.put("BACKUP_EVENT_SIGNING_KEY", config.get("backup.event-signing-key"));
        env.put("BACKUP_ENCRYPTION_KEY", config.get("backup.encryption-key"));
        env.put("BACKUP_LOCAL_DIR", config.get("test.manager-repository"));
        env.put("BACKUP_DR_STATE_DIR", dir.resolve("state").toString());
        env.put("BACKUP_DR_DRILL_REDIS_DB", config.get("backup.dr.drill-redis-db"));
        env.put("BACKUP_DR_DRILL_DIR", config.get("backup.dr.drill-dir"));
        EnvBackupFile.write(dir, env, "PackagedCliIT");
        dr = PackagedService.module("disaster-recovery")
                .workDir(dir)
                .heap("256m")
                .start();

        userEnv = EnvBackupFile.write(
                dir.resolveSibling("user"),
                Map.of("BACKUP_DR_URL", dr.url(), "BACKUP_API_KEY", config.get("backup.api-key")),
                "PackagedCliIT (the operator's settings)");
    }

    @AfterAll
    static void stop() {
        if (dr != null) {
            dr.close();
        }
        if (world != null) {
            world.stop();
        }
    }

    @Test
    @Order(1)
    void assessPrintsTheTableAndTheGuidesJson() throws Exception {
        Run table = guide("assess", "--fresh");
        // no remote copy is configured and the scheduler and the monitor do not run here: degraded, nothing critical
        assertEquals(0, table.exit, table.toString());
        assertTrue(table.out.startsWith("overall: DEGRADED  (assessed "), table.toString()); // no remote copy: degraded
        assertTrue(table.out.matches("(?s).*\\n  postgresql +healthy .*"), table.toString());
        assertTrue(table.out.matches("(?s).*\\n  redis +healthy .*"), table.toString());
        assertTrue(table.out.matches("(?s).*\\n  storage +\\S+ .*"), table.toString());

        Run json = guide("assess", "--json");
        assertEquals(0, json.exit, json.toString());
        JsonNode a = JSON.readTree(json.out);
        assertEquals("degraded", a.path("overall_status").asText(), json.out);
        List<String> names = new ArrayList<>();
        a.path("services").forEach(s -> names.add(s.path("name").asText()));
        assertEquals(List.of("postgresql", "redis", "application", "storage", "backups", "suite"), names, json.out);
        // BACKUP_SCHEDULER_URL / BACKUP_MONITOR_URL unset in its .env.backup: the catalogue's defaults reach the
        // service
        // (down, the detail names the default URL; or up, when a deploy/local/up of this machine answers there)
        JsonNode suite = a.path("services").get(5);
        for (String s :
                List.of("backup-scheduler at http://localhost:8082/", "backup-monitor at http://localhost:8081/")) {
            String service = s.substring(0, s.indexOf(' '));
            assertTrue(
                    suite.path("detail").asText().contains(s)
                            || "up"
                                    .equals(suite.path("facts")
                                            .path("services")
                                            .path(service)
                                            .asText()),
                    s + ": " + suite);
        }
        assertFalse(json.out.contains(config.get("backup.encryption-key")), "no key in the answer");
        assertFalse(
                table.out.contains(config.get("backup.api-key").substring(3))
                        || json.err.contains(config.get("backup.api-key").substring(3)),
                "the API key is never printed");
        // the packaged service read its .env.backup in its working directory and logs where the guide says
        String status = get("/api/status");
        assertTrue(
                status.contains("\"service\":\"disaster-recovery\"") && status.contains("\"reachable\":true"), status);
        assertTrue(
                Files.size(dr.workDir().resolve("logs/disaster_recovery.log")) > 0,
                "logs/disaster_recovery.log is written");
    }

    @Test
    @Order(2)
    void recoverDryRunPrintsThePlanAndChangesNothing() throws Exception {
        List<String> databases = databases();
        String rows = rows();
        Run r = guide("recover", "--scenario", "database_failure", "--dry-run");
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.out.contains("plan (dry run: nothing is changed):"), r.toString());
        assertTrue(r.out.contains("  backup:     " + backupId), r.toString());
        for (String step : List.of(
                "detect",
                "choose_backup",
                "verify_backup",
                "set_aside_database",
                "restore_database",
                "restart_database",
                "prove",
                "check_health")) {
            assertTrue(r.out.contains(" " + step + " "), step + " printed: " + r);
        }
        // no BACKUP_DR_POSTGRES_RESTART_COMMAND in this .env.backup: the dry run says a person must act, as the run
        // will
        assertTrue(
                r.out.contains("to do by hand")
                        && r.out.contains("restart_database: dry run: BACKUP_DR_POSTGRES_RESTART_COMMAND is not set")
                        && !r.out.contains("would restart the application"),
                r.toString());
        assertEquals(databases, databases(), "no database renamed or created");
        assertEquals(rows, rows(), "the live data unchanged");
    }

    @Test
    @Order(3)
    void recoverWithoutForceIsRefusedSayingWhy() throws Exception {
        Run r = guide("recover", "--scenario", "database_failure");
        assertEquals(1, r.exit, r.toString());
        assertTrue((r.out + r.err).contains("BACKUP_DR_ALLOW_IN_PLACE"), r.toString());
    }

    @Test
    @Order(4)
    void drillRestoresIntoScratchAndProvesEqual() throws Exception {
        Run r = guide("drill", "--scenario", "database_failure");
        assertEquals(0, r.exit, r.toString());
        for (String step :
                List.of("choose_backup", "verify_backup", "restore_database", "prove", "measure_rpo", "cleanup")) {
            assertTrue(r.out.contains(" " + step + " "), step + " printed: " + r);
        }
        assertTrue(r.out.contains("report: " + dr.url() + "/api/drills/"), r.toString());
        JsonNode drills = JSON.readTree(get("/api/drills"));
        JsonNode newest =
                drills.isArray() ? drills.get(0) : drills.path("drills").get(0);
        assertEquals("success", newest.path("status").asText(), drills.toString());
        assertTrue(newest.path("verified").asBoolean(), drills.toString());
        assertEquals(backupId, newest.path("backup_id").asText(), drills.toString());
        assertEquals(List.of(database()), databases(), "the scratch database is dropped");
    }

    // ---- the guide's command line as a process
    // -----------------------------------------------------------------------

    private record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** {@code python3 scripts/disaster_recovery.py ARGS} from the checkout's root, as an operator runs it. */
    private static Run guide(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", "scripts/disaster_recovery.py"));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).directory(CHECKOUT.toFile());
        Path out = Files.createTempFile("dr-cli", ".out");
        Path err = Files.createTempFile("dr-cli", ".err");
        b.redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        b.environment()
                .keySet()
                .removeIf(n -> n.startsWith("BACKUP_") || n.startsWith("TEXTLOOM_") || n.startsWith("QUARKUS_"));
        b.environment().put("BACKUP_ENV_FILE", userEnv.toString());
        // backup-cli from this module's test classpath, which also holds JBoss LogManager: name it, so the JVM says
        // nothing
        b.environment()
                .put(
                        "TEXTLOOM_BACKUP_CLASSPATH",
                        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        b.environment().put("TEXTLOOM_BACKUP_JAVA_OPTS", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        Process p = b.start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        try {
            return new Run(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    // ---- the world
    // -----------------------------------------------------------------------------------------------------

    private static String backUpTheDatabase() throws Exception {
        String key = config.get("backup.api-key").substring("it=".length());
        HttpResponse<String> accepted = HTTP.send(
                HttpRequest.newBuilder(URI.create(config.get("backup.manager-url") + "/api/backups"))
                        .header("X-API-Key", key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"full\",\"components\":[\"database\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, accepted.statusCode(), accepted.body());
        String op = JSON.readTree(accepted.body()).path("operation_id").asText();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            JsonNode o = JSON.readTree(HTTP.send(
                            HttpRequest.newBuilder(
                                            URI.create(config.get("backup.manager-url") + "/api/operations/" + op))
                                    .header("X-API-Key", key)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            String s = o.path("status").asText();
            if (!s.equals("queued") && !s.equals("running")) {
                assertEquals("success", s, o.toString());
                return o.path("result").path("backup_id").asText();
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the manager did not finish backup " + op);
    }

    private static String get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(dr.uri(path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static String database() {
        String url = config.get("database.url");
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static List<String> databases() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(RecoveryWorld.POSTGRES + "postgres", "postgres", null);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT datname FROM pg_database WHERE datname LIKE '" + database() + "%' ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static String rows() throws SQLException {
        try (Connection c = DriverManager.getConnection(RecoveryWorld.POSTGRES + database(), "postgres", null);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*), md5(string_agg(title || body, ',' ORDER BY id)) FROM documents")) {
            rs.next();
            return rs.getLong(1) + " " + rs.getString(2);
        }
    }
}
