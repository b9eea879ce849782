package com.textloom.backup.manager.flow;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.textloom.backup.manager.testing.Api;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.VerifyOptions;
import com.textloom.backup.repository.VerifyReport;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The manager's repository fills its file system in the middle of a backup (issue 11, item 1):
 * that backup fails; once space is freed the next backup on the same running manager (the same
 * repository handle) succeeds, and a fresh reader verifies it clean, reading every byte.
 */
@QuarkusTest
@WithTestResource(DiskFullWorld.class)
class DiskFullIT {
    private static final Duration WAIT = Duration.ofSeconds(180);

    @Test
    void aBackupAfterADiskFullFailureIsCompleteForAFreshReader() throws Exception {
        assumeTrue(
                DiskFullWorld.mounted,
                "needs a small file system of its own (run as root): " + DiskFullWorld.mountError);

        Map<String, Object> full = Api.awaitOperation(backup(), WAIT);
        assertEquals("failed", full.get("status"), full.toString());
        assertTrue(full.toString().contains("disk full"), "the failure names the cause: " + full);
        long packsLeft;
        try (var s = Files.walk(DiskFullWorld.mount.resolve("backups/data"))) {
            packsLeft = s.filter(Files::isRegularFile).count();
        }
        assertTrue(packsLeft >= 1, "the failed backup stored a pack before the disk filled up");

        Files.delete(DiskFullWorld.ballast);
        Map<String, Object> next = Api.awaitOperation(backup(), WAIT);
        assertEquals("success", next.get("status"), next.toString());

        try (LocalBlobStore store = LocalBlobStore.open(DiskFullWorld.mount.resolve("backups"));
                Repository fresh =
                        Repository.open(store, KeySource.key(DiskFullWorld.key), RepositoryOptions.defaults())) {
            VerifyReport report = fresh.verify(VerifyOptions.readAllData());
            assertTrue(
                    report.ok(),
                    "a fresh reader finds every blob of the committed backup: "
                            + report.damaged().size() + " damaged, first "
                            + report.damaged().stream().findFirst() + ", errors " + report.errors());
            assertEquals(1, report.snapshotsChecked());
            assertTrue(
                    report.bytesRead() >= (long) DiskFullWorld.WORKSPACE_MIB << 20, "every byte was read: " + report);
        }
    }

    private static String backup() {
        return given().header("X-API-Key", DiskFullWorld.API_KEY)
                .contentType(ContentType.JSON)
                .body(Map.of("type", "full", "components", List.of("workspace")))
                .post("/api/backups")
                .then()
                .statusCode(202)
                .extract()
                .path("operation_id");
    }
}
