package com.textloom.backup.manager.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RestoreCompleted;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.RestoredComponent;
import com.textloom.backup.events.RetentionCompleted;
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
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.location.RepositoryLocation;
import com.textloom.backup.support.testing.TopicReader;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Retention applies to the remotes too (the world of {@link RemoteWorld}: MinIO and OBS on the real
 * S3Proxy, and a closed port): after several backups copied to the remotes, a dry run says what would
 * go locally and on each remote and removes nothing; the real run forgets the same backups locally and
 * on both remotes and prunes there, reports the unreachable remote failed with its reason (status
 * {@code partial}); each remote still verifies with every blob read, the kept backup restores from the
 * remote equal to the original, and the next backup is copied to the pruned remotes and verifies.
 */
@QuarkusTest
@WithTestResource(RemoteWorld.class)
class RemoteRetentionIT {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final Map<String, Object> ONLY_NEWEST = Map.of("keep_daily", 1, "keep_weekly", 0, "keep_monthly", 0);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ManagerSettings settings;

    @Test
    void retentionForgetsTheSameBackupsLocallyAndOnEveryRemoteAndReportsTheUnreachableOne() throws Exception {
        String minio = RepositoryLocation.parse(RemoteWorld.minio, RemoteWorld.credentials)
                .toString();
        String obs = RepositoryLocation.parse(RemoteWorld.obs, RemoteWorld.credentials)
                .toString();
        Path churn = RemoteWorld.root.resolve("workspace/churn.bin");
        Random random = new Random(4);
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // a new incompressible file each time: what the older backups alone hold is freed by the prune
            byte[] data = new byte[1 << 20];
            random.nextBytes(data);
            Files.write(churn, data);
            mine.add(backup(i == 2 ? List.of("database", "workspace") : List.of("workspace")));
        }
        String newest = mine.get(2);
        TreeSet<String> before = localBackups();
        assertTrue(before.containsAll(mine), before.toString());
        // keep_daily=1 keeps the newest backup of each set of components (the workspace-only ones and those of the
        // database and the workspace are decided apart), whatever other tests of this world left
        TreeSet<String> kept = newestOfEachComponentSet(RemoteWorld.minio);
        assertTrue(kept.contains(newest) && kept.contains(mine.get(1)), kept.toString());
        TreeSet<String> expectRemoved = new TreeSet<>(before);
        expectRemoved.removeAll(kept);
        for (String remote : List.of(RemoteWorld.minio, RemoteWorld.obs)) {
            assertEquals(before, backupsOn(remote), remote);
        }

        // dry run: what would go where, nothing removed anywhere
        Map<String, Object> dry = retention(true);
        assertEquals("partial", dry.get("status"), dry.toString());
        assertEquals(expectRemoved, removedIds(path(dry, "result.removed")), dry.toString());
        assertEquals(List.of(minio, obs, RemoteWorld.unreachable), path(dry, "result.remotes.location"));
        assertEquals(List.of("success", "success", "failed"), path(dry, "result.remotes.status"));
        List<List<String>> wouldGo = path(dry, "result.remotes.removed");
        assertEquals(expectRemoved, new TreeSet<>(wouldGo.get(0)));
        assertEquals(expectRemoved, new TreeSet<>(wouldGo.get(1)));
        assertEquals(before, localBackups());
        for (String remote : List.of(RemoteWorld.minio, RemoteWorld.obs)) {
            assertEquals(before, backupsOn(remote), remote + " after the dry run");
        }

        // the real run: the same backups go locally and on both remotes, the unreachable one is reported
        Map<String, Object> run = retention(false);
        assertEquals("partial", run.get("status"), run.toString());
        assertEquals(expectRemoved, removedIds(path(run, "result.removed")));
        assertEquals(List.of("success", "success", "failed"), path(run, "result.remotes.status"));
        List<List<String>> gone = path(run, "result.remotes.removed");
        assertEquals(expectRemoved, new TreeSet<>(gone.get(0)));
        assertEquals(expectRemoved, new TreeSet<>(gone.get(1)));
        List<Number> freed = path(run, "result.remotes.bytes_freed");
        // the first backup's 1 MiB of churn is held by no kept backup (the second one's is: it is the newest
        // workspace-only backup)
        assertTrue(freed.get(0).longValue() >= 1 << 20 && freed.get(1).longValue() >= 1 << 20, freed.toString());
        List<String> errors = path(run, "result.remotes.error");
        assertTrue(
                errors.get(2).startsWith("retention on " + RemoteWorld.unreachable + " failed: "), errors.toString());
        assertFalse(errors.get(2).contains(RemoteWorld.credentials.get("MINIO_SECRET_KEY")));
        assertTrue(((String) path(run, "result.error")).contains("1 of 3 remotes"), run.toString());
        assertEquals(kept, localBackups());
        assertEquals(
                List.of("present", "present", "unreachable"),
                RemoteWorld.api().get("/api/backups/" + newest).then().extract().path("location.remotes.status"));

        // the event says the same
        String requestId = (String) path(run, "result.request_id");
        List<ConsumerRecord<String, byte[]>> completed = new TopicReader(bootstrap)
                .read(
                        RemoteWorld.EVENTS,
                        r -> EventTypes.typeOf(RetentionCompleted.class).equals(TopicReader.header(r, "ce_type"))
                                && TopicReader.text(r).contains(requestId),
                        1,
                        WAIT);
        String event = TopicReader.text(completed.get(0));
        assertTrue(
                event.contains("\"status\":\"partial\"")
                        && event.contains("\"location\":\"" + minio + "\"")
                        && event.contains("\"error\":\"retention on " + RemoteWorld.unreachable + " failed: "),
                event);

        // each remote holds the kept backup only, verifies with every blob read, and restores it
        for (String remote : List.of(RemoteWorld.minio, RemoteWorld.obs)) {
            assertEquals(kept, backupsOn(remote), remote);
            verifyOn(remote, newest);
        }
        Path target = RemoteWorld.root.resolve("restore/after-retention");
        String database = RemoteWorld.DATABASE + "_after_retention";
        try (BlobStore store = RepositoryLocation.parse(RemoteWorld.minio, RemoteWorld.credentials)
                        .open();
                Repository replica =
                        Repository.open(store, KeySource.key(RemoteWorld.KEY), RepositoryOptions.defaults())) {
            SnapshotInfo s =
                    new BackupCatalog(RemoteWorld.minio).find(replica, newest).orElseThrow();
            RestoreRequested req = new RestoreRequested(
                    UUID.randomUUID().toString(),
                    "default",
                    newest,
                    List.of("database", "workspace"),
                    target.toString(),
                    database,
                    null,
                    false,
                    false,
                    "test",
                    Instant.now(),
                    null);
            RestoreCompleted r = new RestoreExecutor(Clock.systemUTC(), 1, ToolLimits.defaults())
                    .run(replica, s, req, RestorePlan.of(req, s, newest, settings));
            assertEquals(Outcome.SUCCESS, r.status(), () -> r.error() + " " + r.components());
            for (RestoredComponent c : r.components()) {
                assertEquals(Boolean.TRUE, c.equal(), c.component() + " " + c.comparisons());
            }
            assertArrayEquals(Files.readAllBytes(churn), Files.readAllBytes(target.resolve("workspace/churn.bin")));
        } finally {
            RemoteWorld.sql("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }

        // the pruned remotes take the next backup's copy and still verify
        String next = backup(List.of("workspace"));
        for (String remote : List.of(RemoteWorld.minio, RemoteWorld.obs)) {
            TreeSet<String> now = new TreeSet<>(kept);
            now.add(next);
            assertEquals(now, backupsOn(remote), remote);
            verifyOn(remote, next);
        }
    }

    /** Posts a backup, waits for it and checks it was copied to MinIO and OBS; its id. */
    private static String backup(List<String> components) throws InterruptedException {
        Response posted = RemoteWorld.api()
                .contentType(ContentType.JSON)
                .body(Map.of("type", "incremental", "components", components))
                .post("/api/backups")
                .then()
                .statusCode(202)
                .extract()
                .response();
        Map<String, Object> op = Api.awaitOperation(posted.path("operation_id"), WAIT);
        assertEquals("success", op.get("status"), op.toString());
        List<String> copies = path(op, "result.remote_copies.status");
        assertEquals(List.of("success", "success", "failed"), copies, op.toString());
        return posted.path("backup_id");
    }

    private static Map<String, Object> retention(boolean dryRun) throws InterruptedException {
        Map<String, Object> body = new java.util.HashMap<>(ONLY_NEWEST);
        body.put("dry_run", dryRun);
        String op = RemoteWorld.api()
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/retention")
                .then()
                .statusCode(202)
                .extract()
                .path("operation_id");
        return Api.awaitOperation(op, WAIT);
    }

    /** The backup ids the manager lists (its local repository). */
    private static TreeSet<String> localBackups() {
        return new TreeSet<>(RemoteWorld.api()
                .get("/api/backups")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("backup_id", String.class));
    }

    /** The newest backup id of each set of components in the replica at {@code remote} (ids sort by time). */
    private static TreeSet<String> newestOfEachComponentSet(String remote) throws Exception {
        Map<String, String> newest = new java.util.HashMap<>();
        try (BlobStore store = RepositoryLocation.parse(remote, RemoteWorld.credentials)
                        .open();
                Repository replica =
                        Repository.open(store, KeySource.key(RemoteWorld.KEY), RepositoryOptions.defaults())) {
            for (SnapshotInfo s : replica.snapshots()) {
                BackupCatalog.backupId(s)
                        .ifPresent(id -> newest.merge(
                                com.textloom.backup.repository.retention.RetentionCandidate.groupOf(s),
                                id,
                                (a, b) -> a.compareTo(b) >= 0 ? a : b));
            }
        }
        return new TreeSet<>(newest.values());
    }

    /** The backup ids in the replica at {@code remote}. */
    private static TreeSet<String> backupsOn(String remote) throws Exception {
        try (BlobStore store = RepositoryLocation.parse(remote, RemoteWorld.credentials)
                        .open();
                Repository replica =
                        Repository.open(store, KeySource.key(RemoteWorld.KEY), RepositoryOptions.defaults())) {
            TreeSet<String> ids = new TreeSet<>();
            for (SnapshotInfo s : replica.snapshots()) {
                BackupCatalog.backupId(s).ifPresent(ids::add);
            }
            return ids;
        }
    }

    private static void verifyOn(String remote, String backupId) throws Exception {
        try (BlobStore store = RepositoryLocation.parse(remote, RemoteWorld.credentials)
                        .open();
                Repository replica =
                        Repository.open(store, KeySource.key(RemoteWorld.KEY), RepositoryOptions.defaults())) {
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
        }
    }

    /** The local result's lines are "id (reasons)": their ids. */
    private static TreeSet<String> removedIds(List<String> lines) {
        TreeSet<String> ids = new TreeSet<>();
        for (String l : lines) {
            ids.add(l.substring(0, l.indexOf(' ')));
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static <T> T path(Map<String, Object> m, String dotted) {
        Object o = m;
        for (String k : dotted.split("\\.")) {
            if (o instanceof List<?> list) {
                List<Object> each = new ArrayList<>();
                for (Object e : list) {
                    each.add(((Map<String, Object>) e).get(k));
                }
                o = each;
            } else {
                o = ((Map<String, Object>) o).get(k);
            }
        }
        return (T) o;
    }
}
