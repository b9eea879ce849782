package com.textloom.backup.manager.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.RestoreCompleted;
import com.textloom.backup.manager.operation.Operation;
import com.textloom.backup.manager.operation.OperationStore;
import com.textloom.backup.manager.testing.Api;
import com.textloom.backup.support.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A manager started with a new consumer group over a requests topic that already holds old
 * requests (see {@link ReplayWorld}), with the real broker: only the fresh restore runs; the old
 * ones and those its operation store already knows are acknowledged and not run, and the store's
 * records survived the "restart".
 */
@QuarkusTest
@WithTestResource(ReplayWorld.class)
class RequestReplayIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void theFreshRestoreHasRun() throws InterruptedException {
        Map<String, Object> fresh = Api.awaitOperation(ReplayWorld.FRESH, WAIT);
        assertEquals("success", fresh.get("status"), fresh.toString());
    }

    @Test
    void onlyTheFreshRestoreRunsWhenANewConsumerGroupReplaysTheTopic() throws Exception {
        TopicReader broker = new TopicReader(bootstrap);
        List<ConsumerRecord<String, byte[]>> fresh = broker.read(
                ReplayWorld.EVENTS,
                r -> EventTypes.typeOf(RestoreCompleted.class).equals(TopicReader.header(r, "ce_type"))
                        && TopicReader.text(r).contains(ReplayWorld.FRESH),
                1,
                WAIT);
        assertEquals(1, fresh.size(), "the fresh restore completed");
        assertEquals(
                Files.readString(ReplayWorld.workspace.resolve("chapter.md")),
                Files.readString(ReplayWorld.root.resolve("restore/fresh/workspace/docs/chapter.md")));

        // the replayed requests sit before the fresh one in the same partition: they were taken, and did nothing
        List<ConsumerRecord<String, byte[]>> all =
                broker.read(ReplayWorld.EVENTS, r -> true, Integer.MAX_VALUE, Duration.ofSeconds(3));
        for (String id : List.of(
                ReplayWorld.OLD, ReplayWorld.OLD_VERIFY, ReplayWorld.DONE, ReplayWorld.CRASHED, ReplayWorld.BACKUP)) {
            assertTrue(all.stream().noneMatch(r -> TopicReader.text(r).contains(id)), id + " published nothing");
        }
        for (String dir : List.of("old", "done", "crashed")) {
            assertFalse(Files.exists(ReplayWorld.root.resolve("restore").resolve(dir)), dir + " was not restored");
        }

        given().get("/api/operations/" + ReplayWorld.OLD)
                .then()
                .statusCode(200)
                .body("status", equalTo("ignored"))
                .body("error", containsString("3h ago, more than BACKUP_REQUEST_MAX_AGE (10m)"));
        given().get("/api/operations/" + ReplayWorld.OLD_VERIFY)
                .then()
                .statusCode(200)
                .body("status", equalTo("ignored"))
                .body("kind", equalTo("verify"));
        given().get("/api/operations/" + ReplayWorld.DONE)
                .then()
                .statusCode(200)
                .body("status", equalTo("success"))
                .body("result.request_id", equalTo(ReplayWorld.DONE));
        given().get("/api/operations/" + ReplayWorld.CRASHED)
                .then()
                .statusCode(200)
                .body("status", equalTo("interrupted"))
                .body("error", containsString("the manager stopped while this restore was running"))
                .body("progress.component", equalTo("workspace"));
        // the interrupted backup ran again and found itself in the repository: one backup, not two
        given().get("/api/operations/" + ReplayWorld.BACKUP)
                .then()
                .statusCode(200)
                .body("status", equalTo("duplicate"))
                .body("result.backup_id", equalTo(ReplayWorld.BACKUP_ID));
        given().get("/api/backups").then().statusCode(200).body("size()", equalTo(1));
        given().get("/api/operations/" + ReplayWorld.FRESH)
                .then()
                .statusCode(200)
                .body("kind", equalTo("restore"))
                .body("result.components[0].component", equalTo("workspace"))
                .body("result.components[0].equal", equalTo(true));

        // accepted and acknowledged by the last process, not run then: it runs after the restart
        Map<String, Object> accepted = Api.awaitOperation(ReplayWorld.ACCEPTED, WAIT);
        assertEquals("success", accepted.get("status"), accepted.toString());
        assertEquals(
                Files.readString(ReplayWorld.workspace.resolve("chapter.md")),
                Files.readString(ReplayWorld.root.resolve("restore/accepted/workspace/docs/chapter.md")));

        String log = Files.readString(Path.of("target/logs/backup_manager.log"));
        assertTrue(
                log.contains("restore request " + ReplayWorld.OLD + " (backup " + ReplayWorld.BACKUP_ID
                        + ", by ops) is acknowledged and not run: it was requested at"),
                "the log says why");
        assertTrue(log.contains("restore request " + ReplayWorld.DONE
                + " was received before: acknowledged, not run again" + " (it was handled before (success"));
        assertTrue(log.contains("restore request " + ReplayWorld.CRASHED
                + " was received before: acknowledged, not run again" + " (it was handled before (interrupted"));
    }

    @Test
    void theOperationsAreFilesAReloadedStoreReadsBack() throws Exception {
        Path dir = ReplayWorld.root.resolve("state/operations");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(ReplayWorld.FRESH + ".json"))));

        // what a restarted manager would read: the same status and result the API answers
        OperationStore reloaded = OperationStore.open(dir, 100, Duration.ofDays(30), Clock.systemUTC());
        Operation fresh = reloaded.get(ReplayWorld.FRESH).orElseThrow();
        assertEquals("success", fresh.status());
        Map<?, ?> result = (Map<?, ?>) fresh.result();
        assertEquals(ReplayWorld.FRESH, result.get("request_id"));
        assertEquals(
                given().get("/api/operations/" + ReplayWorld.FRESH)
                        .then()
                        .extract()
                        .path("result.completed_at"),
                result.get("completed_at"));
        assertEquals("ignored", reloaded.get(ReplayWorld.OLD).orElseThrow().status());
    }
}
