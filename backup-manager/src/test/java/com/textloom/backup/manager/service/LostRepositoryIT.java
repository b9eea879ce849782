package com.textloom.backup.manager.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.manager.testing.Api;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.TestTrees;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import com.textloom.backup.support.messaging.CloudEventRecords;
import com.textloom.backup.support.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: a manager restarted after its repository directory was deleted does not back up into a new, empty
 * repository there (it did: {@code RepositoryHolder} initialised any empty store). It reports the loss at start
 * ({@code GET /api/status} {@code repository_identity}, {@code /q/health/well} DOWN, still ready), fails every backup
 * with a failed BackupCompleted naming the way back (the monitor's {@code backup_failed}), creates nothing where the
 * repository was, and starts a new repository only when the operator accepts it naming the lost one
 * ({@code POST /api/repository/accept-new}).
 */
@QuarkusTest
@WithTestResource(LostRepositoryWorld.class)
class LostRepositoryIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aDeletedRepositoryIsReportedAndReplacedOnlyOnPurpose() throws Exception {
        String shortId = LostRepositoryWorld.lostId.substring(0, 8);
        JsonPath status = awaitIdentity("lost");
        assertTrue(
                status.getString("repository_identity.error")
                        .contains("is gone from local:" + LostRepositoryWorld.repository),
                status.prettify());
        assertEquals(shortId, status.getString("repository_identity.id"));
        given().get("/q/health/well").then().statusCode(503);
        given().get("/q/health/ready").then().statusCode(200);

        String op = backup();
        Map<String, Object> failed = Api.awaitOperation(op, WAIT);
        assertEquals("failed", failed.get("status"), failed.toString());
        String error = failed.toString();
        assertTrue(error.contains("is gone") && error.contains("repo copy") && error.contains("accept-new"), error);
        List<String> completed = new TopicReader(bootstrap)
                        .read(
                                LostRepositoryWorld.EVENTS,
                                r -> EventTypes.typeOf(BackupCompleted.class)
                                                .equals(TopicReader.header(r, CloudEventRecords.TYPE))
                                        && TopicReader.text(r).contains(op),
                                1,
                                WAIT)
                        .stream()
                        .map(TopicReader::text)
                        .toList();
        assertTrue(completed.get(0).contains("\"status\":\"failed\""), completed.get(0));
        assertFalse(Files.exists(LostRepositoryWorld.repository), "no new repository where the lost one was");

        given().contentType(ContentType.JSON)
                .body(Map.of("forget_repository_id", shortId))
                .post("/api/repository/accept-new")
                .then()
                .statusCode(401);
        assertEquals(
                "forget_repository_id",
                given().header("X-API-Key", LostRepositoryWorld.API_KEY)
                        .contentType(ContentType.JSON)
                        .body(Map.of("forget_repository_id", "deadbeef"))
                        .post("/api/repository/accept-new")
                        .then()
                        .statusCode(400)
                        .extract()
                        .path("field"));
        assertFalse(Files.exists(LostRepositoryWorld.repository));

        JsonPath accepted = given().header("X-API-Key", LostRepositoryWorld.API_KEY)
                .contentType(ContentType.JSON)
                .body(Map.of("forget_repository_id", shortId))
                .post("/api/repository/accept-new")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(LostRepositoryWorld.lostId, accepted.getString("forgotten_repository_id"));
        assertNotEquals(LostRepositoryWorld.lostId, accepted.getString("repository_id"));
        assertEquals(0, accepted.getInt("snapshots"));

        Map<String, Object> next = Api.awaitOperation(backup(), WAIT);
        assertEquals("success", next.get("status"), next.toString());
        assertEquals(
                accepted.getString("repository_id").substring(0, 8),
                awaitIdentity("ok").getString("repository_identity.id"));
        given().get("/q/health/well").then().statusCode(200);

        // deleted while the manager runs with it open: DOWN at the next probe, before any backup fails (before, the
        // loss was only found at the next open, a restart or a storage switch: the monitor had nothing to alert on)
        java.nio.file.Path replica = LostRepositoryWorld.repository.resolveSibling("replica");
        copyTree(LostRepositoryWorld.repository, replica);
        TestTrees.deleteTree(LostRepositoryWorld.repository);
        given().get("/q/health/well")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'repository' }.data.state", equalTo("lost"));
        assertEquals(
                "lost",
                given().get("/api/status").then().statusCode(200).extract().path("repository_identity.state"));
        assertFalse(Files.exists(LostRepositoryWorld.repository), "nothing created where it was");

        // copied back (as `repo copy` from a replica does): UP again at the next probe, with no job and no listing in
        // between, so the monitor's repository_lost resolves within its 15 s recheck (before, it stayed DOWN until a
        // job or a GET /api/backups opened the repository again)
        copyTree(replica, LostRepositoryWorld.repository);
        given().get("/q/health/well").then().statusCode(200);
        assertEquals(
                "ok",
                given().get("/api/status").then().statusCode(200).extract().path("repository_identity.state"));

        // another repository put in its place, then the right one back: DOWN "replaced", then UP, each at the next
        // probe
        java.nio.file.Path other = LostRepositoryWorld.repository.resolveSibling("other");
        try (LocalBlobStore store = LocalBlobStore.open(other);
                Repository another =
                        Repository.init(store, KeySource.key(LostRepositoryWorld.key), RepositoryOptions.defaults())) {
            assertNotEquals(accepted.getString("repository_id"), another.id());
        }
        java.nio.file.Path aside = LostRepositoryWorld.repository.resolveSibling("aside");
        Files.move(LostRepositoryWorld.repository, aside);
        Files.move(other, LostRepositoryWorld.repository);
        for (int probe = 0; probe < 2; probe++) {
            given().get("/q/health/well")
                    .then()
                    .statusCode(503)
                    .body("checks.find { it.name == 'repository' }.data.state", equalTo("replaced"));
        }
        TestTrees.deleteTree(LostRepositoryWorld.repository);
        Files.move(aside, LostRepositoryWorld.repository);
        given().get("/q/health/well").then().statusCode(200);
    }

    private static void copyTree(java.nio.file.Path from, java.nio.file.Path to) throws java.io.IOException {
        try (var paths = Files.walk(from)) {
            for (java.nio.file.Path p : paths.toList()) {
                Files.copy(
                        p, to.resolve(from.relativize(p).toString()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static JsonPath awaitIdentity(String state) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        JsonPath s;
        do {
            s = given().get("/api/status").then().statusCode(200).extract().jsonPath();
            if (state.equals(s.getString("repository_identity.state"))) {
                return s;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("repository_identity did not become " + state + ": " + s.prettify());
    }

    private static String backup() {
        return given().header("X-API-Key", LostRepositoryWorld.API_KEY)
                .contentType(ContentType.JSON)
                .body(Map.of("type", "full", "components", List.of("workspace")))
                .post("/api/backups")
                .then()
                .statusCode(202)
                .extract()
                .path("operation_id");
    }
}
