package com.textloom.backup.manager.flow;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.manager.testing.Api;
import com.textloom.backup.manager.testing.ManagerWorld;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 11: a tool that hangs does not block the repository's queue. Another session holds an
 * {@code ACCESS EXCLUSIVE} lock on a table, so {@code pg_dump} (and the figures query beside it) would wait for
 * it forever: the database backup fails within the manager's tool limits ({@code BACKUP_TOOL_TIMEOUT}, of
 * which the lock wait is a part) with a reason that names the lock, and the next backup, queued behind it,
 * runs while the lock is still held.
 */
@QuarkusTest
@WithTestResource(HungToolWorld.class)
class HungToolIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aDumpWaitingForALockFailsWithItsReasonWithinTheTimeoutAndTheNextBackupRuns() throws Exception {
        try (Connection locker =
                        DriverManager.getConnection(ManagerWorld.JDBC + HungToolWorld.DATABASE, "postgres", "");
                Statement s = locker.createStatement()) {
            locker.setAutoCommit(false);
            s.execute("LOCK TABLE notes IN ACCESS EXCLUSIVE MODE");

            String stuck = backup(List.of("database"));
            String next = backup(List.of("workspace"));
            Map<String, Object> failed = Api.awaitOperation(stuck, WAIT);
            assertEquals("failed", failed.get("status"), failed.toString());
            assertTrue(
                    failed.toString().contains("lock timeout"), "the failure names the lock it waited for: " + failed);
            @SuppressWarnings("unchecked")
            long ms = ((Number) ((Map<String, Object>) failed.get("result")).get("duration_ms")).longValue();
            assertTrue(
                    ms <= HungToolWorld.TOOL_TIMEOUT.toMillis(),
                    "failed within the tool timeout (" + ms + " ms): " + failed);

            Map<String, Object> after = Api.awaitOperation(next, WAIT);
            assertEquals("success", after.get("status"), "the next backup ran: " + after);
            locker.rollback();
        }
    }

    private static String backup(List<String> components) {
        return given().header("X-API-Key", HungToolWorld.API_KEY)
                .contentType(ContentType.JSON)
                .body(Map.of("type", "full", "components", components))
                .post("/api/backups")
                .then()
                .statusCode(202)
                .extract()
                .path("operation_id");
    }
}
