package com.textloom.backup.manager.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.textloom.backup.manager.testing.Api;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request whose job runs far longer than the requests channel lets a record stay unprocessed
 * (issue 11, item 7): the consumer goes on taking requests, liveness stays UP, and the request
 * after it runs too. The job is a database backup held up by a lock the test keeps on the table.
 */
@QuarkusTest
@WithTestResource(LongRequestWorld.class)
class LongRequestIT {
    private static final Duration HOLD = LongRequestWorld.MAX_AGE.multipliedBy(5);

    @Test
    void aJobOutlastingTheUnprocessedRecordMaxAgeLeavesTheConsumerAliveAndTheNextRequestRuns() throws Exception {
        String slow;
        String next;
        try (Connection lock =
                        DriverManager.getConnection(LongRequestWorld.JDBC + LongRequestWorld.DATABASE, "postgres", "");
                Statement s = lock.createStatement()) {
            lock.setAutoCommit(false);
            s.execute("LOCK TABLE notes IN ACCESS EXCLUSIVE MODE");
            slow = backup("database");
            awaitStatus(slow, "running", Duration.ofSeconds(60));
            Instant running = Instant.now();
            next = backup("workspace");
            while (Instant.now().isBefore(running.plus(HOLD))) {
                Thread.sleep(200);
            }
            // the slow backup still waits for the table: its request has been taken for HOLD, 5 × the max age
            assertEquals("running", status(slow).path("status"));
            given().get("/q/health/live").then().statusCode(200);
            Response queued = awaitAccepted(next, Duration.ofSeconds(30));
            assertEquals("queued", queued.path("status"), queued.asString());
            assertEquals(
                    "running", status(slow).path("status"), "the next request was accepted while the slow one ran");
            lock.rollback();
        }
        Map<String, Object> slowDone = Api.awaitOperation(slow, Duration.ofSeconds(120));
        assertEquals("success", slowDone.get("status"), slowDone.toString());
        Map<String, Object> nextDone = Api.awaitOperation(next, Duration.ofSeconds(120));
        assertEquals("success", nextDone.get("status"), nextDone.toString());
        given().get("/q/health/live").then().statusCode(200);

        String after = backup("workspace");
        Map<String, Object> afterDone = Api.awaitOperation(after, Duration.ofSeconds(120));
        assertEquals(
                "success", afterDone.get("status"), "a request sent after the long one is consumed too: " + afterDone);
    }

    private static String backup(String component) {
        return given().header("X-API-Key", LongRequestWorld.API_KEY)
                .contentType(ContentType.JSON)
                .body(Map.of("type", "full", "components", List.of(component)))
                .post("/api/backups")
                .then()
                .statusCode(202)
                .extract()
                .path("operation_id");
    }

    private static Response status(String op) {
        return given().get("/api/operations/" + op)
                .then()
                .statusCode(200)
                .extract()
                .response();
    }

    /** Polls until the manager has received and accepted {@code op} (its operation carries the request). */
    private static Response awaitAccepted(String op, Duration wait) throws InterruptedException {
        Instant deadline = Instant.now().plus(wait);
        Response r = status(op);
        while (r.path("request.type") == null && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            r = status(op);
        }
        assertNotNull(r.path("request.type"), "the manager received and accepted " + op + ": " + r.asString());
        return r;
    }

    private static void awaitStatus(String op, String wanted, Duration wait) throws InterruptedException {
        Instant deadline = Instant.now().plus(wait);
        while (Instant.now().isBefore(deadline)) {
            if (wanted.equals(status(op).path("status"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("operation " + op + " was not " + wanted + " within " + wait + ": "
                + status(op).asString());
    }
}
