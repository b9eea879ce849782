package com.textloom.backup.recovery.recover;

import static com.textloom.backup.recovery.recover.World.apiKey;
import static com.textloom.backup.recovery.recover.World.config;
import static com.textloom.backup.recovery.recover.World.database;
import static com.textloom.backup.recovery.recover.World.redis;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * full_disaster with the backups on the real S3Proxy alone (the manager's only repository is a bucket there): a
 * backup of all four components; a drill into scratch targets (proven, cleaned up); then everything lost for real
 * (the database's tables dropped, Redis flushed, workspace and logs deleted) and recovered into the standby environment in
 * the guide's order, each proven equal by the test itself, then the traffic switch hook.
 */
@QuarkusTest
@WithTestResource(value = RecoveryWorld.class, initArgs = @ResourceArg(name = "repository", value = "s3"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FullDisasterIT {
    private static Map<String, String> database;
    private static Map<String, String> workspace;
    private static Map<String, String> logs;
    private static String redisKeys;

    @Test
    @Order(1)
    void backUpEverythingToS3() throws Exception {
        Path app = Path.of(config("test.app-root"));
        database = DatabaseRecoveryIT.fingerprint(database());
        workspace = TextloomFiles.fingerprint(app.resolve("workspace"));
        logs = TextloomFiles.fingerprint(app.resolve("logs"));
        redisKeys = redis().cli(0, "DBSIZE");
        String op = World.manager()
                .contentType(ContentType.JSON)
                .body(Map.of("type", "full"))
                .post("/api/backups")
                .then()
                .statusCode(202)
                .extract()
                .path("operation_id");
        JsonPath done = DatabaseRecoveryIT.awaitManager(op);
        assertEquals("success", done.getString("status"), done.prettify());
    }

    @Test
    @Order(2)
    void drillIntoScratchTargets() throws Exception {
        JsonPath d = DatabaseRecoveryIT.await("/api/drills/"
                + given().header("X-API-Key", apiKey())
                        .contentType(ContentType.JSON)
                        .body(Map.of("scenario", "full_disaster"))
                        .post("/api/drills")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("drill_id"));
        assertEquals("success", d.getString("status"), d.prettify());
        assertEquals(
                List.of(
                        "choose_backup",
                        "verify_backup",
                        "restore_database",
                        "restore_redis",
                        "restore_workspace",
                        "restore_logs",
                        "prove",
                        "measure_rpo",
                        "cleanup"),
                d.getList("steps.name"));
        assertEquals(List.of("database", "redis", "workspace", "logs"), d.getList("proof.component"));
        assertEquals(Boolean.TRUE, d.get("verified"));
        assertEquals(
                List.of(database()), DatabaseRecoveryIT.databasesLike(database()), "the scratch database is dropped");
        assertFalse(
                Files.exists(Path.of(config("backup.dr.drill-dir"), d.getString("drill_id"))),
                "the scratch directory is deleted");
        assertEquals("0", redis().cli(7, "DBSIZE"), "the spare Redis db is emptied");
    }

    @Test
    @Order(3)
    void dryRunPlansTheStandbyAndChangesNothing() throws Exception {
        Path app = Path.of(config("test.app-root"));
        Path standby = Path.of(config("backup.dr.standby-dir"));
        List<String> backupsBefore = DatabaseRecoveryIT.managerBackups();
        JsonPath done = DatabaseRecoveryIT.await("/api/recoveries/"
                + given().header("X-API-Key", apiKey())
                        .contentType(ContentType.JSON)
                        .body(Map.of("scenario", "full_disaster", "dry_run", true))
                        .post("/api/recoveries")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("recovery_id"));
        assertEquals("success", done.getString("status"), done.prettify());
        assertEquals(Boolean.TRUE, done.get("dry_run"));
        Map<String, String> status = DatabaseRecoveryIT.stepStatus(done);
        for (String component : List.of("database", "redis", "workspace", "logs")) {
            assertTrue(
                    status.get("restore_" + component).startsWith("success: dry run: the manager's dry run"),
                    done.prettify());
        }
        assertTrue(status.get("switch_traffic").startsWith("skipped: dry run"), done.prettify());
        assertEquals(
                List.of(database()), DatabaseRecoveryIT.databasesLike(database()), "no standby database is created");
        assertEquals(database, DatabaseRecoveryIT.fingerprint(database()), "the live database is untouched");
        assertEquals("0", redis().cli(5, "DBSIZE"), "the standby Redis db stays empty");
        assertEquals(redisKeys, redis().cli(0, "DBSIZE"), "the live Redis is untouched");
        assertFalse(
                Files.exists(standby.resolve("workspace")) || Files.exists(standby.resolve("logs")),
                "nothing is written into the standby directory");
        assertEquals(workspace, TextloomFiles.fingerprint(app.resolve("workspace")));
        assertEquals(logs, TextloomFiles.fingerprint(app.resolve("logs")));
        assertEquals(backupsBefore, DatabaseRecoveryIT.managerBackups(), "a dry run takes no backup");
    }

    @Test
    @Order(4)
    void everythingLostIsRecoveredIntoTheStandbyFromS3() throws Exception {
        Path app = Path.of(config("test.app-root"));
        // the live database's tables (the manager connects to that database for maintenance, so it stays, empty)
        DatabaseRecoveryIT.sql(database(), "DROP TABLE documents, tags CASCADE");
        redis().cli(0, "FLUSHALL");
        try (var walk = Files.walk(app)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        JsonPath done = DatabaseRecoveryIT.await("/api/recoveries/"
                + given().header("X-API-Key", apiKey())
                        .contentType(ContentType.JSON)
                        .body(Map.of("scenario", "full_disaster"))
                        .post("/api/recoveries")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("recovery_id"));
        assertEquals("success", done.getString("status"), done.prettify());
        assertEquals(
                List.of(
                        "detect",
                        "choose_backup",
                        "verify_backup",
                        "restore_database",
                        "restore_redis",
                        "restore_workspace",
                        "restore_logs",
                        "prove",
                        "switch_traffic"),
                done.getList("steps.name"));
        assertEquals(database, DatabaseRecoveryIT.fingerprint(database() + "_standby"));
        assertEquals(redisKeys, redis().cli(5, "DBSIZE"));
        assertEquals("user-7-会话", redis().cli(5, "GET", "session:7"));
        Path standby = Path.of(config("backup.dr.standby-dir"));
        assertEquals(workspace, TextloomFiles.fingerprint(standby.resolve("workspace")));
        assertEquals(logs, TextloomFiles.fingerprint(standby.resolve("logs")));
        assertEquals(
                "switched traffic to the standby", done.getString("steps.find { it.name == 'switch_traffic' }.output"));
        assertTrue(
                done.getString("plan.targets.database").endsWith("/" + database() + "_standby (standby)"),
                done.prettify());
    }
}
