package com.textloom.backup.manager.outbox;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.VerifyCompleted;
import com.textloom.backup.manager.testing.Api;
import com.textloom.backup.manager.testing.ManagerWorld;
import com.textloom.backup.support.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 6: completion events survive a broker that is down when a job ends, and a restart of the manager.
 * The broker is stopped while a backup runs (held by a table lock) and kept down past the producer's delivery
 * timeout; the backup ends;
 * its BackupCompleted waits in the outbox (on disk, 0600) and, once the broker is started again on the same port,
 * arrives exactly once. The VerifyCompleted a previous process left in the outbox ({@link OutboxWorld}) arrives
 * exactly once too.
 */
@QuarkusTest
@WithTestResource(OutboxWorld.class)
class OutboxIT {
    private static final Duration WAIT = Duration.ofSeconds(300);

    @Test
    void aCompletionWhileTheBrokerIsDownArrivesOnceWhenItIsBack() throws Exception {
        String op;
        try (Connection locker = DriverManager.getConnection(ManagerWorld.JDBC + OutboxWorld.DATABASE, "postgres", "");
                Statement lock = locker.createStatement()) {
            // the backup waits for this lock: it is running while the broker goes down, and ends after
            locker.setAutoCommit(false);
            lock.execute("LOCK TABLE notes IN ACCESS EXCLUSIVE MODE");
            op = given().header("X-API-Key", OutboxWorld.API_KEY)
                    .contentType(ContentType.JSON)
                    .body(Map.of("type", "full", "components", List.of("database")))
                    .post("/api/backups")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("operation_id");
            awaitStatus(op, "running");
            OutboxWorld.broker.close();
            OutboxWorld.broker = null;
            locker.rollback();
        }

        Map<String, Object> done = Api.awaitOperation(op, WAIT);
        assertEquals("success", done.get("status"), done.toString());
        // the producer gives up on its first attempt meanwhile
        Thread.sleep(OutboxWorld.DELIVERY_TIMEOUT_MS * 2);
        Path outbox = OutboxWorld.root.resolve("state/outbox");
        List<Path> waiting;
        try (Stream<Path> s = Files.list(outbox)) {
            waiting = s.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertTrue(!waiting.isEmpty(), "the completion waits in the outbox while the broker is down");
        for (Path p : waiting) {
            assertEquals(
                    "rw-------",
                    java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        }
        assertEquals(
                "rwx------",
                java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(outbox)));

        OutboxWorld.broker = OutboxWorld.startBroker();
        TopicReader reader = new TopicReader(OutboxWorld.broker.bootstrapServers());
        var completedOfOp = of(EventTypes.typeOf(BackupCompleted.class), op);
        var pendingOfPrevious = of(EventTypes.typeOf(VerifyCompleted.class), OutboxWorld.PENDING_REQUEST);
        assertEquals(
                1,
                reader.read(OutboxWorld.EVENTS, completedOfOp, 1, Duration.ofSeconds(90))
                        .size(),
                "BackupCompleted of " + op + " arrives once the broker is back");
        assertEquals(
                1,
                reader.read(OutboxWorld.EVENTS, pendingOfPrevious, 1, Duration.ofSeconds(30))
                        .size(),
                "the event a previous process left in the outbox arrives");

        Instant deadline = Instant.now().plusSeconds(30);
        long left;
        do {
            try (Stream<Path> s = Files.list(outbox)) {
                left = s.filter(p -> p.toString().endsWith(".json")).count();
            }
            Thread.sleep(200);
        } while (left > 0 && Instant.now().isBefore(deadline));
        assertEquals(0, left, "the outbox is empty once the broker acknowledged everything");
        // an entry leaves the outbox only after the broker acknowledged it: a second copy would have been sent
        // before that; a send still in flight then lands within the producer's request timeout
        Thread.sleep(OutboxWorld.DELIVERY_TIMEOUT_MS / 2);
        List<ConsumerRecord<String, byte[]>> completed =
                reader.readToEnd(OutboxWorld.EVENTS, completedOfOp, Duration.ofSeconds(30));
        assertEquals(1, completed.size(), "BackupCompleted of " + op + " arrives exactly once: " + completed.size());
        assertEquals(
                1,
                reader.readToEnd(OutboxWorld.EVENTS, pendingOfPrevious, Duration.ofSeconds(30))
                        .size(),
                "the event a previous process left in the outbox arrives exactly once");
    }

    private static Predicate<ConsumerRecord<String, byte[]>> of(String type, String requestId) {
        return r -> type.equals(TopicReader.header(r, "ce_type"))
                && TopicReader.text(r).contains("\"request_id\":\"" + requestId + "\"");
    }

    private static void awaitStatus(String op, String status) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            var r = given().get("/api/operations/" + op);
            if (r.statusCode() == 200 && status.equals(r.path("status"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("operation " + op + " never was " + status);
    }
}
