package com.textloom.backup.recovery.recover;

import static com.textloom.backup.recovery.recover.World.apiKey;
import static com.textloom.backup.recovery.recover.World.config;
import static com.textloom.backup.recovery.recover.World.database;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.RecoveryCompleted;
import com.textloom.backup.support.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * database_failure against the real thing: the machine's PostgreSQL, the real Kafka broker and the packaged
 * backup-manager ({@link RecoveryWorld}). A backup is made through the manager; then the test drills it (scratch
 * database, proven equal, dropped after), dry-runs a recovery (nothing changes, the drill's time is the estimate),
 * DROPS the database for real and recovers it, then damages it and recovers it again with the broken copy set
 * aside. Equality is checked by the test itself over SQL, independently of the manager's figures.
 */
@QuarkusTest
@WithTestResource(RecoveryWorld.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseRecoveryIT {
    private static String backupId;
    private static Map<String, String> original;
    private static String drillId;

    @Test
    @Order(1)
    void backUpThroughTheManager() {
        original = fingerprint(database());
        String op = World.manager()
                .contentType(ContentType.JSON)
                .body(Map.of("type", "full", "components", List.of("database")))
                .post("/api/backups")
                .then()
                .statusCode(202)
                .extract()
                .path("operation_id");
        JsonPath done = awaitManager(op);
        assertEquals("success", done.getString("status"), done.prettify());
        backupId = done.getString("result.backup_id");
        assertNotNull(backupId, done.prettify());
    }

    @Test
    @Order(2)
    void drillRestoresIntoScratchProvesEqualAndCleansUp() {
        JsonPath started = given().header("X-API-Key", apiKey())
                .contentType(ContentType.JSON)
                .body(Map.of("scenario", "database_failure"))
                .post("/api/drills")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();
        drillId = started.getString("drill_id");
        JsonPath d = await("/api/drills/" + drillId);
        assertEquals("success", d.getString("status"), d.prettify());
        assertEquals(backupId, d.getString("backup_id"));
        assertEquals(Boolean.TRUE, d.get("verified"), d.prettify());
        assertEquals("database", d.getString("proof[0].component"));
        assertEquals(Boolean.TRUE, d.get("proof[0].equal"));
        assertEquals(
                List.of("choose_backup", "verify_backup", "restore_database", "prove", "measure_rpo", "cleanup"),
                d.getList("steps.name"));
        assertTrue(d.getList("steps.status").stream().allMatch("success"::equals), d.prettify());
        assertTrue(d.getString("plan.targets.database").contains(database() + "_drill_"), d.prettify());
        long rto = d.getLong("measured_rto_ms");
        assertTrue(rto > 0 && rto <= d.getLong("duration_ms"), d.prettify());
        assertEquals(Boolean.TRUE, d.get("rto_met"));
        assertEquals(1800, d.getLong("rto_target_seconds"));
        assertNotNull(d.get("achievable_rpo_seconds"), d.prettify());
        // the scratch database is gone, production untouched
        assertEquals(List.of(database()), databasesLike(database()));
        assertEquals(original, fingerprint(database()));

        String html = given().accept("text/html")
                .get("/api/drills/" + drillId)
                .then()
                .statusCode(200)
                .contentType(ContentType.HTML)
                .extract()
                .asString();
        assertTrue(
                html.contains("Drill database_failure") && html.contains("equal") && html.contains("restore_database"),
                html);
        given().get("/api/drills/" + drillId).then().statusCode(200).contentType(ContentType.JSON);

        JsonPath objectives =
                given().get("/api/objectives").then().statusCode(200).extract().jsonPath();
        Map<String, Object> db = objectives.getMap("scenarios.find { it.scenario == 'database_failure' }");
        assertEquals(drillId, db.get("last_drill_id"), objectives.prettify());
        assertEquals(Boolean.TRUE, db.get("rto_met"));
        assertEquals(3600, ((Number) db.get("rpo_target_seconds")).intValue());

        List<String> drills = new TopicReader(config("kafka.bootstrap.servers"))
                        .read(
                                "textloom.recovery.events",
                                r -> drillId.equals(TopicReader.header(r, "ce_subject")),
                                1,
                                Duration.ofSeconds(20))
                        .stream()
                        .map(TopicReader::text)
                        .toList();
        assertEquals(1, drills.size(), "DrillCompleted on textloom.recovery.events");
        assertTrue(drills.get(0).contains("\"verified\":true"), drills.get(0));
    }

    @Test
    @Order(3)
    void dryRunShowsThePlanAndChangesNothing() throws Exception {
        List<String> backupsBefore = managerBackups();
        JsonPath r = startRecovery(Map.of("scenario", "database_failure", "dry_run", true), 202);
        JsonPath done = await("/api/recoveries/" + r.getString("recovery_id"));
        assertEquals("success", done.getString("status"), done.prettify());
        assertEquals(Boolean.TRUE, done.get("dry_run"));
        assertEquals(backupId, done.getString("plan.backup_id"));
        assertTrue(done.getString("plan.targets.database").endsWith("/" + database() + " (in place)"), done.prettify());
        assertTrue(
                done.getString("plan.overwrites[0]").contains("set aside as " + database() + "_failed_"),
                done.prettify());
        assertEquals(d("measured_rto_ms"), done.getLong("plan.estimated_duration_ms"));
        assertTrue(done.getString("plan.estimate_basis").contains(drillId));
        Map<String, String> status = stepStatus(done);
        assertTrue(status.get("set_aside_database").contains("would rename database " + database()), done.prettify());
        assertTrue(
                status.get("restore_database").startsWith("success: dry run: the manager's dry run"), done.prettify());
        assertTrue(status.get("restart_database").startsWith("skipped: dry run: would"), done.prettify());
        assertEquals(original, fingerprint(database()));
        assertEquals(List.of(database()), databasesLike(database()));
        assertEquals(backupsBefore, managerBackups(), "a dry run takes no safety backup");
    }

    @Test
    @Order(4)
    void liveDataNeedsForceOrPermissionAndTheApiKey() {
        JsonPath refused = startRecovery(Map.of("scenario", "database_failure"), 403);
        assertEquals("in_place_not_allowed", refused.getString("error"));
        assertTrue(refused.getString("message").contains("BACKUP_DR_ALLOW_IN_PLACE"));
        given().contentType(ContentType.JSON)
                .body(Map.of("scenario", "database_failure", "force", true))
                .post("/api/recoveries")
                .then()
                .statusCode(401);
        JsonPath bad = startRecovery(Map.of("scenario", "datbase_failure"), 400);
        assertTrue(bad.getString("message").contains("database_failure"), bad.prettify());
        assertEquals("bad_request", bad.getString("error"));
        assertEquals("scenario", bad.getString("field"));
        JsonPath wrongType = startRecovery(Map.of("scenario", "database_failure", "dry_run", "yes"), 400);
        assertEquals("dry_run", wrongType.getString("field"), wrongType.prettify());
        assertEquals("dry_run: must be true or false", wrongType.getString("message"));
        JsonPath unknownField = startRecovery(Map.of("scenario", "database_failure", "colour", "red"), 400);
        assertEquals("colour", unknownField.getString("field"), unknownField.prettify());
        JsonPath unknown = startRecovery(
                Map.of("scenario", "database_failure", "backup_id", "20000101_000000", "dry_run", true), 400);
        assertEquals("unknown_backup", unknown.getString("error"));
        assertEquals("backup_id", unknown.getString("field"));
        given().get("/api/recoveries/nope").then().statusCode(404);
        assertEquals(original, fingerprint(database()));
    }

    @Test
    @Order(5)
    void droppedDatabaseIsRecoveredEqual() throws Exception {
        List<String> backupsBefore = managerBackups();
        sql("postgres", "DROP DATABASE " + database() + " WITH (FORCE)");
        assertEquals(List.of(), databasesLike(database()));

        JsonPath r = startRecovery(Map.of("scenario", "database_failure", "force", true), 202);
        String id = r.getString("recovery_id");
        JsonPath busy = startRecovery(Map.of("scenario", "database_failure", "dry_run", true), 409);
        assertEquals(id, busy.getString("running_id"), busy.prettify());

        JsonPath done = await("/api/recoveries/" + id);
        assertEquals("success", done.getString("status"), done.prettify());
        assertEquals(original, fingerprint(database()), "the recovered database equals the one backed up (by SQL)");
        List<String> backupsAfter = managerBackups();
        assertTrue(
                backupsAfter.containsAll(backupsBefore),
                "a recovery deletes no backup: " + backupsBefore + " -> " + backupsAfter);
        assertEquals(
                backupsBefore.size() + 1,
                backupsAfter.size(),
                "one more: the manager's safety backup before the in-place restore");
        Map<String, String> status = stepStatus(done);
        assertTrue(status.get("set_aside_database").contains("did not exist"), done.prettify());
        assertTrue(status.get("restore_database").startsWith("success: restored database"), done.prettify());
        assertTrue(status.get("prove").startsWith("success: every restored component equals"), done.prettify());
        assertTrue(
                status.get("detect").startsWith("success: assessment ")
                        && status.get("detect").contains("scenarios pointed at"),
                "the detect step reports the assessment it ran: " + done.prettify());
        assertEquals(Boolean.TRUE, done.get("verified"));
        assertNotNull(done.get("rpo_seconds"));

        String output = done.getString("steps.find { it.name == 'restart_database' }.output");
        assertTrue(output.contains("restarted database_failure for " + id), output);
        assertFalse(output.contains(config("backup.encryption-key")), "secrets masked: " + output);
        assertFalse(
                output.contains("KAFKA") || output.contains("DATABASE_URL"),
                "hooks get no service variables: " + output);

        // kept durably, privately
        Path state = Path.of(config("backup.dr.state-dir"));
        Path file = state.resolve("recovery-" + id + ".json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertTrue(Files.readString(file).contains("\"status\":\"success\""));
        // audited in the guide's format, and published with its steps
        String audit = Files.readString(Path.of("target/logs/backup_audit.log"), StandardCharsets.UTF_8);
        assertTrue(
                audit.lines()
                        .anyMatch(l -> l.matches("\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d] \\[AUDIT] USER=it"
                                + " ACTION=recover_database_failure BACKUP_ID=" + backupId + " STATUS=success")),
                audit);
        TopicReader topics = new TopicReader(config("kafka.bootstrap.servers"));
        List<String> recovery = topics
                .read(
                        "textloom.recovery.events",
                        rec -> id.equals(TopicReader.header(rec, "ce_subject")),
                        2,
                        Duration.ofSeconds(20))
                .stream()
                .map(TopicReader::text)
                .toList();
        assertEquals(2, recovery.size(), "RecoveryStarted and RecoveryCompleted");
        assertTrue(
                recovery.get(1).contains("\"restore_database\"")
                        && recovery.get(1).contains("\"status\":\"success\""),
                recovery.get(1));
        List<String> requests = topics
                .read("textloom.backup.requests", rec -> TopicReader.text(rec).contains(id), 2, Duration.ofSeconds(20))
                .stream()
                .map(TopicReader::text)
                .toList();
        assertTrue(
                requests.stream()
                        .anyMatch(t -> t.contains("\"correlation_id\":\"" + id + "\"")
                                && t.contains("\"requested_by\":\"disaster-recovery\"")
                                && t.contains("\"in_place\":true")),
                requests.toString());
        assertNotNull(RecoveryCompleted.class);
    }

    @Test
    @Order(6)
    void damagedDatabaseIsSetAsideAndRecovered() throws Exception {
        sql(database(), "DELETE FROM tags WHERE tag = 'tag3'");
        sql(database(), "DROP TABLE documents CASCADE");
        Map<String, String> broken = fingerprint(database());
        assertNotEquals(original, broken);

        JsonPath done = await("/api/recoveries/"
                + startRecovery(Map.of("scenario", "database_failure", "force", true), 202)
                        .getString("recovery_id"));
        assertEquals("success", done.getString("status"), done.prettify());
        assertEquals(original, fingerprint(database()));
        List<String> dbs = databasesLike(database());
        assertEquals(2, dbs.size(), dbs.toString());
        String aside = dbs.stream()
                .filter(n -> n.startsWith(database() + "_failed_"))
                .findFirst()
                .orElseThrow();
        assertEquals(broken, fingerprint(aside), "the broken database is kept aside as it was, never dropped");
        assertEquals(
                backupId, done.getString("backup_id"), "the manager's safety backups are never a recovery's source");
    }

    @Test
    @Order(7)
    void drillOfABackupWhoseDataWasAlteredReportsUnequalAndFails() throws Exception {
        String tampered = TamperedBackup.write(
                Path.of(config("test.manager-repository")),
                config("backup.encryption-key"),
                backupId,
                "doc 1999\t",
                "dox 1999\t");
        JsonPath d = await("/api/drills/"
                + given().header("X-API-Key", apiKey())
                        .contentType(ContentType.JSON)
                        .body(Map.of("scenario", "database_failure", "backup_id", tampered))
                        .post("/api/drills")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("drill_id"));
        assertEquals("failed", d.getString("status"), d.prettify());
        assertEquals(tampered, d.getString("backup_id"));
        assertEquals(Boolean.FALSE, d.get("verified"), d.prettify());
        assertEquals(Boolean.FALSE, d.get("proof[0].equal"), d.prettify());
        assertTrue(d.getList("proof[0].differences").toString().contains("public.documents"), d.prettify());
        Map<String, String> status = stepStatus(d);
        assertTrue(
                status.get("verify_backup").startsWith("success"), "the repository itself is sound: " + d.prettify());
        assertTrue(status.get("restore_database").startsWith("success"), d.prettify());
        assertTrue(status.get("prove").startsWith("failed: restored data differs"), d.prettify());
        assertTrue(status.get("cleanup").startsWith("skipped"), d.prettify());
        assertTrue(d.getList("issues").toString().contains("data unequal"), d.prettify());
        assertTrue(d.getString("error").contains("prove"), d.prettify());
        assertEquals(Boolean.FALSE, d.get("rto_met"), "a drill that did not prove its data met no RTO");
        // its scratch database stays for inspection (the cleanup did not run); the test world drops it
        assertTrue(databasesLike(database()).stream().anyMatch(n -> n.contains("_drill_")));
    }

    // ---- helpers ----

    private static long d(String field) {
        return given().get("/api/drills/" + drillId).then().extract().jsonPath().getLong(field);
    }

    private static JsonPath startRecovery(Map<String, Object> body, int status) {
        return given().header("X-API-Key", apiKey())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/recoveries")
                .then()
                .statusCode(status)
                .extract()
                .jsonPath();
    }

    static Map<String, String> stepStatus(JsonPath run) {
        Map<String, String> out = new TreeMap<>();
        List<Map<String, Object>> steps = run.getList("steps");
        for (Map<String, Object> s : steps) {
            out.put((String) s.get("name"), s.get("status") + ": " + s.get("detail"));
        }
        return out;
    }

    /** Polls a recovery or drill until it ended. */
    static JsonPath await(String path) {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            last = given().get(path).then().statusCode(200).extract().jsonPath();
            String s = last.getString("status");
            if ("success".equals(s) || "failed".equals(s)) {
                return last;
            }
            sleep();
        }
        throw new AssertionError(path + " did not end: " + (last == null ? "" : last.prettify()));
    }

    static JsonPath awaitManager(String operation) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath op = World.manager()
                    .get("/api/operations/" + operation)
                    .then()
                    .extract()
                    .jsonPath();
            String s = op.getString("status");
            if (s != null && !s.equals("queued") && !s.equals("running")) {
                return op;
            }
            sleep();
        }
        throw new AssertionError("the manager did not finish " + operation);
    }

    static List<String> managerBackups() {
        return World.manager()
                .get("/api/backups")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("backup_id");
    }

    private static void sleep() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void sql(String db, String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(RecoveryWorld.POSTGRES + db, "postgres", null);
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    static List<String> databasesLike(String prefix) {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(RecoveryWorld.POSTGRES + "postgres", "postgres", null);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT datname FROM pg_database WHERE datname LIKE '" + prefix + "%' ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    /** Per user table: row count and an md5 of every row's text in key order — computed here, not by the manager. */
    static Map<String, String> fingerprint(String db) {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(RecoveryWorld.POSTGRES + db, "postgres", null);
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT schemaname || '.' || tablename FROM pg_tables"
                    + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery(
                        "SELECT count(*) || ' ' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '-')"
                                + " FROM " + t + " x")) {
                    rs.next();
                    out.put(t, rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot read " + db + ": " + e.getMessage(), e);
        }
        return out;
    }
}
