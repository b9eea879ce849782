package com.textloom.backup.manager.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RestoreCompleted;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.RestoredComponent;
import com.textloom.backup.events.VerifyCompleted;
import com.textloom.backup.events.VerifyRequested;
import com.textloom.backup.manager.catalog.BackupCatalog;
import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.maintenance.VerifyExecutor;
import com.textloom.backup.manager.restore.RestoreExecutor;
import com.textloom.backup.manager.restore.RestorePlan;
import com.textloom.backup.manager.source.ToolLimits;
import com.textloom.backup.manager.testing.Api;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.storage.location.RepositoryLocation;
import com.textloom.backup.support.testing.TopicReader;
import com.textloom.backup.testservers.S3ProxyServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * After each backup the manager copies the repository to every remote (see {@link RemoteWorld}): the
 * copies on S3 (MinIO) and OBS hold the snapshot, verify with every blob read and restore equal to
 * the original; the unreachable remote is reported failed with its reason while the backup stays
 * {@code success} and usable locally; the backup's detail says where it is stored; each copy's storage operations are
 * in {@code /q/metrics} under the remote's name.
 */
@QuarkusTest
@WithTestResource(RemoteWorld.class)
class RemoteCopyIT {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ManagerSettings settings;

    @Test
    void aBackupIsCopiedToMinioAndObsReportedPerRemoteAndRestorableFromTheRemote() throws Exception {
        Response posted = RemoteWorld.api()
                .contentType(ContentType.JSON)
                .body(Map.of("type", "full", "components", List.of("database", "workspace")))
                .post("/api/backups")
                .then()
                .statusCode(202)
                .extract()
                .response();
        String backupId = posted.path("backup_id");
        Map<String, Object> op = Api.awaitOperation(posted.path("operation_id"), WAIT);

        // the backup is a success: the copies are reported beside it, one per remote, in order
        assertEquals("success", op.get("status"), op.toString());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> copies =
                (List<Map<String, Object>>) ((Map<String, Object>) op.get("result")).get("remote_copies");
        assertEquals(3, copies.size(), copies.toString());
        String minio = RepositoryLocation.parse(RemoteWorld.minio, RemoteWorld.credentials)
                .toString();
        String obs = RepositoryLocation.parse(RemoteWorld.obs, RemoteWorld.credentials)
                .toString();
        assertEquals(minio, copies.get(0).get("backend"));
        assertEquals("success", copies.get(0).get("status"));
        assertTrue(((Number) copies.get(0).get("bytes_copied")).longValue() > 0);
        assertEquals(obs, copies.get(1).get("backend"));
        assertEquals("success", copies.get(1).get("status"));
        assertEquals("failed", copies.get(2).get("status"));
        String reason = (String) copies.get(2).get("error");
        assertTrue(reason.startsWith("copy to " + RemoteWorld.unreachable + " failed: "), reason);
        assertFalse(reason.contains(RemoteWorld.credentials.get("MINIO_SECRET_KEY")), reason);

        // the event says the same
        List<ConsumerRecord<String, byte[]>> completed = new TopicReader(bootstrap)
                .read(
                        RemoteWorld.EVENTS,
                        r -> EventTypes.typeOf(BackupCompleted.class).equals(TopicReader.header(r, "ce_type"))
                                && TopicReader.text(r).contains(backupId),
                        1,
                        WAIT);
        assertEquals(1, completed.size());
        String event = TopicReader.text(completed.get(0));
        assertTrue(
                event.contains("\"status\":\"success\"")
                        && event.contains("\"backend\":\"" + minio + "\"")
                        && event.contains("\"error\":\"copy to " + RemoteWorld.unreachable + " failed: "),
                event);

        // the copies are metered as the repository in use is (StorageMeters): per remote, its puts with their bytes
        String metrics = RemoteWorld.api()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (String remote : List.of(minio, obs)) {
            java.util.regex.Matcher put = java.util.regex.Pattern.compile("textloom_backup_storage_bytes_total\\{"
                            + "operation=\"put\",store=\"" + java.util.regex.Pattern.quote(remote) + "\"} ([0-9.E+]+)")
                    .matcher(metrics);
            assertTrue(
                    put.find() && Double.parseDouble(put.group(1)) > 0,
                    remote + ": copy not metered: "
                            + metrics.lines()
                                    .filter(l -> l.startsWith("textloom_backup_storage_bytes"))
                                    .toList());
            assertTrue(
                    metrics.contains(
                            "textloom_backup_storage_operations_total{operation=\"put\",outcome=\"success\",store=\""
                                    + remote + "\"}"),
                    remote + ": copy operations not metered");
        }

        // where it is stored: the local repository, and per remote whether the snapshot is there now
        Response detail = RemoteWorld.api()
                .get("/api/backups/" + backupId)
                .then()
                .statusCode(200)
                .extract()
                .response();
        assertEquals("success", detail.path("status"));
        assertTrue(
                detail.<String>path("location.repository").startsWith("local:" + RemoteWorld.root.resolve("backups")));
        assertEquals(List.of("present", "present", "unreachable"), detail.path("location.remotes.status"));
        assertEquals(List.of(minio, obs, RemoteWorld.unreachable), detail.path("location.remotes.location"));

        // usable locally whatever the unreachable remote
        String verifyOp = RemoteWorld.api()
                .contentType(ContentType.JSON)
                .body(Map.of("read_data", true))
                .post("/api/backups/" + backupId + "/verify")
                .then()
                .statusCode(202)
                .extract()
                .path("operation_id");
        assertEquals("success", Api.awaitOperation(verifyOp, WAIT).get("status"));

        // each remote is a replica that verifies with every blob read, and restores what was backed up
        for (String remote : List.of(RemoteWorld.minio, RemoteWorld.obs)) {
            try (Repository replica = Repository.open(
                    RepositoryLocation.parse(remote, RemoteWorld.credentials).open(),
                    KeySource.key(RemoteWorld.KEY),
                    RepositoryOptions.defaults())) {
                SnapshotInfo s =
                        new BackupCatalog(remote).find(replica, backupId).orElseThrow();
                VerifyCompleted v = new VerifyExecutor(Clock.systemUTC())
                        .run(
                                replica,
                                new VerifyRequested(
                                        UUID.randomUUID().toString(),
                                        "default",
                                        backupId,
                                        true,
                                        "test",
                                        Instant.now(),
                                        null));
                assertEquals(Outcome.SUCCESS, v.status(), remote + ": " + v.error());
                assertTrue(v.blobsChecked() > 0);

                boolean s3 = remote.equals(RemoteWorld.minio);
                Path target = RemoteWorld.root.resolve("restore").resolve(s3 ? "from-s3" : "from-obs");
                RestoreRequested req = new RestoreRequested(
                        UUID.randomUUID().toString(),
                        "default",
                        backupId,
                        s3 ? List.of("database", "workspace") : List.of("workspace"),
                        target.toString(),
                        s3 ? RemoteWorld.DATABASE + "_from_s3" : null,
                        null,
                        false,
                        false,
                        "test",
                        Instant.now(),
                        null);
                RestoreCompleted r = new RestoreExecutor(Clock.systemUTC(), 1, ToolLimits.defaults())
                        .run(replica, s, req, RestorePlan.of(req, s, backupId, settings));
                assertEquals(Outcome.SUCCESS, r.status(), () -> remote + ": " + r.error() + " " + r.components());
                for (RestoredComponent c : r.components()) {
                    assertEquals(Boolean.TRUE, c.equal(), remote + " " + c.component() + " " + c.comparisons());
                }
                assertEquals(
                        Files.readString(RemoteWorld.root.resolve("workspace/docs/chapter.md")),
                        Files.readString(target.resolve("workspace/docs/chapter.md")));
                assertArrayEquals(
                        Files.readAllBytes(RemoteWorld.root.resolve("workspace/cover.bin")),
                        Files.readAllBytes(target.resolve("workspace/cover.bin")));
            }
        }

        // the remote that was down comes up: the next backup's copy brings it both backups
        try (S3ProxyServer late = S3ProxyServer.start(
                RemoteWorld.unreachablePort,
                RemoteWorld.root.resolve("late-s3"),
                RemoteWorld.credentials.get("MINIO_ACCESS_KEY"),
                RemoteWorld.credentials.get("MINIO_SECRET_KEY"))) {
            String next = RemoteWorld.api()
                    .contentType(ContentType.JSON)
                    .body(Map.of("type", "incremental", "components", List.of("workspace")))
                    .post("/api/backups")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("operation_id");
            Map<String, Object> second = Api.awaitOperation(next, WAIT);
            assertEquals("success", second.get("status"), second.toString());
            assertEquals(
                    List.of("success", "success", "success"),
                    RemoteWorld.api()
                            .get("/api/operations/" + next)
                            .then()
                            .extract()
                            .path("result.remote_copies.status"));
            assertEquals(
                    List.of("present", "present", "present"),
                    RemoteWorld.api()
                            .get("/api/backups/" + backupId)
                            .then()
                            .extract()
                            .path("location.remotes.status"));
        }
    }
}
