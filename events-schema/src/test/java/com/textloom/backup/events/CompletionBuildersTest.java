package com.textloom.backup.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The builders and copies that stand in for the completions' long constructors: each gives the event the constructor
 * gave, field for field and byte for byte on the wire.
 */
class CompletionBuildersTest {

    private final EventCodec codec = new EventCodec();
    private final Instant start = Instant.parse("2025-08-20T12:00:00Z");
    private final Instant end = Instant.parse("2025-08-20T12:00:42.5Z");

    @Test
    void aBackupOutcomeBuiltFromItsRequestIsTheOneTheConstructorMakes() {
        BackupRequested req = new BackupRequested(
                "r1", "default", BackupType.DAILY, List.of("database"), "scheduler", start, null, "daily", start);
        ComponentResult db =
                new ComponentResult("database", Outcome.SUCCESS, 10, 5, 5, 0, 40, Map.of("tables", 3), null);
        RemoteCopy copy = new RemoteCopy("s3:http://minio:9000/b", Outcome.SUCCESS, 5, 7, null);
        BackupCompleted expected = new BackupCompleted(
                "r1",
                "20250820_120000",
                "default",
                BackupType.DAILY,
                Outcome.PARTIAL,
                "abc",
                "scheduler",
                start,
                end,
                42_500,
                List.of(db),
                List.of(copy),
                "redis: down");

        BackupCompleted built = BackupCompleted.of(req, "20250820_120000")
                .status(Outcome.PARTIAL)
                .snapshotId("abc")
                .ran(start, end)
                .components(List.of(db))
                .remoteCopies(List.of(copy))
                .error("redis: down")
                .build();

        assertEquals(expected, built);
        assertArrayEquals(codec.encode(expected), codec.encode(built));
        BackupCompleted withoutCopies = BackupCompleted.of(req, "20250820_120000")
                .status(Outcome.PARTIAL)
                .snapshotId("abc")
                .ran(start, end)
                .components(List.of(db))
                .error("redis: down")
                .build();
        assertEquals(List.of(), withoutCopies.remoteCopies());
        assertEquals(expected, withoutCopies.withRemoteCopies(List.of(copy)));
        assertEquals(
                new BackupCompleted(
                        "r1",
                        "20250820_120000",
                        "default",
                        BackupType.DAILY,
                        Outcome.FAILED,
                        null,
                        "scheduler",
                        start,
                        end,
                        42_500,
                        List.of(),
                        List.of(),
                        "repository: gone"),
                BackupCompleted.failed(req, "20250820_120000", start, end, "repository: gone"));
    }

    @Test
    void failedRestoreVerifyAndRetentionOutcomesAreTheOnesTheConstructorsMake() throws Exception {
        RestoreRequested restore = codec.decode(RestoreRequested.class, Goldens.bytes(RestoreRequested.class));
        assertEquals(
                new RestoreCompleted(
                        restore.requestId(),
                        restore.repository(),
                        restore.backupId(),
                        Outcome.FAILED,
                        restore.dryRun(),
                        start,
                        end,
                        42_500,
                        List.of(),
                        restore.correlationId(),
                        "not found"),
                RestoreCompleted.failed(restore, start, end, "not found"));
        VerifyRequested verify = codec.decode(VerifyRequested.class, Goldens.bytes(VerifyRequested.class));
        assertEquals(
                new VerifyCompleted(
                        verify.requestId(),
                        verify.repository(),
                        verify.backupId(),
                        Outcome.FAILED,
                        verify.readData(),
                        0,
                        0,
                        List.of(),
                        List.of(),
                        start,
                        start,
                        0,
                        verify.correlationId(),
                        "closed"),
                VerifyCompleted.failed(verify, start, "closed"));
        RetentionRequested retention = codec.decode(RetentionRequested.class, Goldens.bytes(RetentionRequested.class));
        assertEquals(
                new RetentionCompleted(
                        retention.requestId(),
                        retention.repository(),
                        Outcome.FAILED,
                        retention.dryRun(),
                        null,
                        List.of(),
                        List.of(),
                        0,
                        0,
                        List.of(),
                        start,
                        start,
                        0,
                        "closed"),
                RetentionCompleted.failed(retention, start, "closed"));
    }
}
