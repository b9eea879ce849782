package com.textloom.backup.recovery.recover;

import static com.textloom.backup.recovery.recover.World.apiKey;
import static com.textloom.backup.recovery.recover.World.config;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * storage_failure and the restore {@code source}, against the packaged manager whose local repository is copied to a
 * bucket on the real S3Proxy after each backup (BACKUP_REMOTES): the local repository's packs deleted → a drill
 * without source fails, with {@code source=minio} it restores from S3Proxy and proves equal; the local repository
 * directory deleted for real → the storage_failure drill restores the newest backup from S3Proxy (chosen there, the
 * manager's catalogue not asked) into scratch targets, proven, switching nothing; a dry run changes nothing; with the local storage not back (a file where the directory
 * was) the recovery switches the manager to S3Proxy, where backups and restores keep working; once it is back the
 * recovery rebuilds the local repository from S3Proxy (the backup made meanwhile included), verifies it and switches
 * back; with the disk fine one run does it all.
 */
@QuarkusTest
@WithTestResource(value = RecoveryWorld.class, initArgs = @ResourceArg(name = "repository", value = "local+s3"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageFailureIT {
    private static String firstBackup;
    private static String switchedBackup;

    private static Path local() {
        return Path.of(config("test.manager-repository"));
    }

    private static String bucket() {
        String r = config("test.remote");
        return r.substring(r.lastIndexOf('/') + 1);
    }

    @Test
    @Order(1)
    void backUpLocallyAndToS3() {
        JsonPath done = backUp(List.of("database", "workspace"));
        assertEquals("success", done.getString("status"), done.prettify());
        assertEquals("success", done.getString("result.remote_copies[0].status"), done.prettify());
        firstBackup = done.getString("result.backup_id");
        JsonPath status = managerStatus();
        assertEquals(false, status.getBoolean("storage.switched"), status.prettify());
        assertTrue(status.getString("storage.active").contains(local().toString()), status.prettify());
    }

    @Test
    @Order(2)
    void sourceChoosesTheRepositoryTheRestoreReads() {
        for (String path : List.of("/api/recoveries", "/api/drills")) {
            given().header("X-API-Key", apiKey())
                    .contentType(ContentType.JSON)
                    .body(Map.of("scenario", "database_failure", "source", "nowhere"))
                    .post(path)
                    .then()
                    .statusCode(400)
                    .body("error", org.hamcrest.Matchers.equalTo("unknown_source"));
        }
        JsonPath dry = await(recover(Map.of("scenario", "database_failure", "source", "minio", "dry_run", true), 202));
        assertEquals("success", dry.getString("status"), dry.prettify());
        assertTrue(
                dry.getString("plan.source").contains(bucket()),
                "the recovery's plan reads S3Proxy: " + dry.prettify());
        assertTrue(String.valueOf(step(dry, "verify_backup").get("detail")).contains("verified"), dry.prettify());
        JsonPath fromS3 = await(drill(Map.of("scenario", "database_failure", "source", "minio"), 202));
        assertEquals("success", fromS3.getString("status"), fromS3.prettify());
        assertTrue(fromS3.getString("plan.source").contains(bucket()), fromS3.prettify());
        assertEquals(Boolean.TRUE, fromS3.get("verified"), fromS3.prettify());
        assertTrue(
                String.valueOf(step(fromS3, "restore_database").get("detail")).contains("read from s3:")
                        && String.valueOf(step(fromS3, "restore_database").get("detail"))
                                .contains(bucket()),
                "the manager read the backup from S3Proxy: " + fromS3.prettify());
        JsonPath fromLocal = await(drill(Map.of("scenario", "database_failure", "source", "local"), 202));
        assertEquals("success", fromLocal.getString("status"), fromLocal.prettify());
        assertTrue(
                String.valueOf(step(fromLocal, "restore_database").get("detail"))
                        .contains("read from local:" + local()),
                fromLocal.prettify());
    }

    @Test
    @Order(3)
    void aDrillWithTheLocalRepositoryDeletedRestoresFromTheRemoteIntoScratchAndProvesEqual() throws Exception {
        deleteTree(local());
        JsonPath d = await(drill(Map.of("scenario", "storage_failure"), 202));
        assertEquals("success", d.getString("status"), d.prettify());
        assertEquals(
                List.of(
                        "choose_remote",
                        "choose_backup",
                        "verify_backup",
                        "restore_database",
                        "restore_workspace",
                        "prove",
                        "measure_rpo",
                        "cleanup"),
                d.getList("steps.name"),
                d.prettify());
        assertTrue(d.getList("steps.status").stream().allMatch("success"::equals), d.prettify());
        assertEquals(
                firstBackup, d.getString("backup_id"), "the newest backup, read from S3Proxy itself: " + d.prettify());
        assertTrue(d.getString("plan.source").contains(bucket()), d.prettify());
        for (String restore : List.of("restore_database", "restore_workspace")) {
            assertTrue(
                    String.valueOf(step(d, restore).get("detail")).contains("read from s3:"),
                    restore + ": " + d.prettify());
        }
        assertEquals(Boolean.TRUE, d.get("verified"), d.prettify());
        assertEquals(List.of("database", "workspace"), d.getList("proof.component"), d.prettify());
        assertTrue(d.getList("proof.equal").stream().allMatch(Boolean.TRUE::equals), d.prettify());
        assertEquals(3600, d.getLong("rto_target_seconds"), d.prettify());
        assertEquals(Boolean.TRUE, d.get("rto_met"), d.prettify());
        assertNotNull(d.get("achievable_rpo_seconds"), "measured on the remote's backups: " + d.prettify());
        JsonPath status = managerStatus();
        assertEquals(false, status.getBoolean("storage.switched"), "a drill switches nothing: " + status.prettify());
        assertFalse(Files.exists(local()), "a drill does not re-create the local repository");
        assertFalse(
                Files.exists(Path.of(config("backup.dr.drill-dir")).resolve(d.getString("drill_id"))),
                "scratch directory deleted");
        JsonPath objectives =
                given().get("/api/objectives").then().statusCode(200).extract().jsonPath();
        assertEquals(
                d.getString("drill_id"),
                objectives.getString("scenarios.find { it.scenario == 'storage_failure' }.last_drill_id"),
                objectives.prettify());
    }

    @Test
    @Order(4)
    void aDryRunChangesNothing() throws Exception {
        deleteTree(local());
        JsonPath dry = await(recover(Map.of("scenario", "storage_failure", "dry_run", true), 202));
        assertEquals("success", dry.getString("status"), dry.prettify());
        assertEquals(
                List.of(
                        "detect",
                        "choose_remote",
                        "switch_to_remote",
                        "verify_remote",
                        "rebuild_local",
                        "switch_back",
                        "check_health"),
                dry.getList("steps.name"));
        assertTrue(dry.getString("plan.source").contains(bucket()), dry.prettify());
        assertTrue(String.valueOf(step(dry, "detect").get("detail")).contains("storage_failure"), dry.prettify());
        assertEquals("skipped", step(dry, "switch_to_remote").get("status"));
        JsonPath status = managerStatus();
        assertEquals(false, status.getBoolean("storage.switched"), status.prettify());
        assertFalse(Files.exists(local()), "a dry run does not re-create the local repository");
        assertFalse(Files.exists(managerState().resolve("storage.json")), "the manager was not asked to switch");
    }

    @Test
    @Order(5)
    void whileLocalStorageIsNotBackBackupsAndRestoresWorkFromS3() throws Exception {
        Files.writeString(local(), "not a directory: the disk is not back"); // the repository's path cannot hold it
        JsonPath run = await(recover(Map.of("scenario", "storage_failure", "force", true), 202));
        assertEquals("success", run.getString("status"), run.prettify());
        assertEquals("success", step(run, "switch_to_remote").get("status"), run.prettify());
        assertEquals("success", step(run, "verify_remote").get("status"), run.prettify());
        assertEquals("manual", step(run, "rebuild_local").get("status"), run.prettify());
        assertEquals("skipped", step(run, "switch_back").get("status"), run.prettify());
        assertTrue(run.getList("recommendations").toString().contains("storage_failure` again"), run.prettify());
        JsonPath status = managerStatus();
        assertEquals(true, status.getBoolean("storage.switched"), status.prettify());
        assertTrue(status.getString("storage.active").contains(bucket()), status.prettify());
        assertEquals(run.getString("recovery_id"), status.getString("storage.recovery_id"));
        assertTrue(Files.isRegularFile(managerState().resolve("storage.json")), "the switch is kept in the state dir");

        JsonPath backup = backUp(List.of("workspace"));
        assertEquals("success", backup.getString("status"), backup.prettify());
        switchedBackup = backup.getString("result.backup_id");
        List<Object> copies = backup.getList("result.remote_copies");
        assertTrue(copies == null || copies.isEmpty(), "no copy of the remote onto itself: " + backup.prettify());
        JsonPath listed = given().baseUri(config("backup.manager-url"))
                .get("/api/backups")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertTrue(listed.getList("backup_id").containsAll(List.of(firstBackup, switchedBackup)), listed.prettify());
        assertTrue(listed.getString("[0].location.repository").contains(bucket()), listed.prettify());

        Path target = Path.of(config("test.manager-repository"))
                .resolveSibling("restore")
                .resolve("from-s3");
        String op = given().baseUri(config("backup.manager-url"))
                .header("X-API-Key", apiKey())
                .contentType(ContentType.JSON)
                .body(Map.of("components", List.of("workspace"), "target_dir", target.toString()))
                .post("/api/backups/" + switchedBackup + "/restore")
                .then()
                .statusCode(202)
                .extract()
                .path("operation_id");
        JsonPath restored = awaitManager(op);
        assertEquals("success", restored.getString("status"), restored.prettify());
        assertEquals(
                TextloomFiles.fingerprint(Path.of(config("test.app-root")).resolve("workspace")),
                TextloomFiles.fingerprint(target.resolve("workspace")));
    }

    @Test
    @Order(6)
    void onceLocalStorageIsBackItIsRebuiltFromS3VerifiedAndUsedAgain() throws Exception {
        Files.delete(local());
        JsonPath run = await(recover(Map.of("scenario", "storage_failure", "force", true), 202));
        assertEquals("success", run.getString("status"), run.prettify());
        for (String s : List.of(
                "detect",
                "choose_remote",
                "switch_to_remote",
                "verify_remote",
                "rebuild_local",
                "switch_back",
                "check_health")) {
            assertEquals("success", step(run, s).get("status"), s + ": " + run.prettify());
        }
        assertTrue(
                String.valueOf(step(run, "choose_remote").get("detail")).contains("already uses it"), run.prettify());
        assertTrue(
                String.valueOf(step(run, "rebuild_local").get("detail"))
                        .matches("(?s).*rebuilt .* [1-9][0-9]* blobs.*verified.*"),
                run.prettify());
        JsonPath status = managerStatus();
        assertEquals(false, status.getBoolean("storage.switched"), status.prettify());
        assertTrue(Files.isRegularFile(local().resolve("config")), "the local repository is rebuilt");
        JsonPath listed = given().baseUri(config("backup.manager-url"))
                .get("/api/backups")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertTrue(
                listed.getList("backup_id").containsAll(List.of(firstBackup, switchedBackup)),
                "the local repository holds the backup made on S3Proxy too: " + listed.prettify());
        assertTrue(listed.getString("[0].location.repository").contains(local().toString()), listed.prettify());
        JsonPath next = backUp(List.of("workspace"));
        assertEquals("success", next.getString("status"), next.prettify());
        assertEquals(
                "success",
                next.getString("result.remote_copies[0].status"),
                "copied to S3Proxy again: " + next.prettify());
    }

    @Test
    @Order(7)
    void withTheDiskFineOneRunSwitchesRebuildsAndSwitchesBack() throws Exception {
        deleteTree(local());
        JsonPath run = await(recover(Map.of("scenario", "storage_failure", "force", true), 202));
        assertEquals("success", run.getString("status"), run.prettify());
        assertEquals("success", step(run, "rebuild_local").get("status"), run.prettify());
        assertEquals("success", step(run, "switch_back").get("status"), run.prettify());
        assertEquals(false, managerStatus().getBoolean("storage.switched"));
        assertTrue(Files.isRegularFile(local().resolve("config")));
        assertNotNull(run.get("measured_rto_ms"), run.prettify());
        given().header("X-API-Key", apiKey())
                .contentType(ContentType.JSON)
                .body(Map.of("scenario", "storage_failure", "source", "local"))
                .post("/api/drills")
                .then()
                .statusCode(400)
                .body("error", org.hamcrest.Matchers.equalTo("bad_request"));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private static Path managerState() {
        return local().resolveSibling(local().getFileName() + "-manager-state");
    }

    private static JsonPath managerStatus() {
        return given().baseUri(config("backup.manager-url"))
                .get("/api/status")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static JsonPath backUp(List<String> components) {
        String op = given().baseUri(config("backup.manager-url"))
                .header("X-API-Key", apiKey())
                .contentType(ContentType.JSON)
                .body(Map.of("type", "full", "components", components))
                .post("/api/backups")
                .then()
                .statusCode(202)
                .extract()
                .path("operation_id");
        return awaitManager(op);
    }

    private static JsonPath awaitManager(String op) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath o = given().baseUri(config("backup.manager-url"))
                    .header("X-API-Key", apiKey())
                    .get("/api/operations/" + op)
                    .then()
                    .extract()
                    .jsonPath();
            String s = o.getString("status");
            if (s != null && !s.equals("queued") && !s.equals("running")) {
                return o;
            }
            pause();
        }
        throw new AssertionError("the manager did not finish " + op);
    }

    private static String recover(Map<String, Object> body, int status) {
        return given().header("X-API-Key", apiKey())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/recoveries")
                .then()
                .statusCode(status)
                .extract()
                .path("recovery_id");
    }

    private static String drill(Map<String, Object> body, int status) {
        return "drill:"
                + given().header("X-API-Key", apiKey())
                        .contentType(ContentType.JSON)
                        .body(body)
                        .post("/api/drills")
                        .then()
                        .statusCode(status)
                        .extract()
                        .path("drill_id");
    }

    private static JsonPath await(String id) {
        return DatabaseRecoveryIT.await(
                id.startsWith("drill:") ? "/api/drills/" + id.substring(6) : "/api/recoveries/" + id);
    }

    private static Map<String, Object> step(JsonPath run, String name) {
        return run.getMap("steps.find { it.name == '" + name + "' }");
    }

    private static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
