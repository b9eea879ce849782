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

    @Test
    void aDrillOutcomeBuiltIsTheOneTheConstructorMakes() {
        RecoveryStep step = new RecoveryStep("restore_redis", Outcome.SUCCESS, 1200, "12 keys");
        DrillCompleted expected = new DrillCompleted(
                "drill-1",
                "default",
                "redis_failure",
                Outcome.FAILED,
                "20250820_020000",
                start,
                end,
                41_000,
                900,
                true,
                3600,
                1200L,
                true,
                false,
                List.of(step),
                List.of("redis differs"),
                List.of("look at redis"),
                "restored redis differs",
                "scheduler",
                "dr_drill",
                start);

        DrillCompleted built = DrillCompleted.of("drill-1", "default", "redis_failure")
                .status(Outcome.FAILED)
                .backupId("20250820_020000")
                .ran(start, end, 41_000)
                .rto(900, true)
                .rpo(3600, 1200L, true)
                .verified(false)
                .steps(List.of(step))
                .findings(List.of("redis differs"), List.of("look at redis"))
                .error("restored redis differs")
                .requested("scheduler", "dr_drill", start)
                .build();

        assertSameEvent(expected, built);
        DrillCompleted bare = new DrillCompleted(
                "drill-2",
                "default",
                "database_failure",
                Outcome.SUCCESS,
                null,
                start,
                end,
                42_500,
                1800,
                false,
                3600,
                null,
                false,
                null,
                List.of(),
                List.of(),
                List.of(),
                null,
                null,
                null,
                null);
        DrillCompleted bareBuilt = DrillCompleted.of("drill-2", "default", "database_failure")
                .status(Outcome.SUCCESS)
                .ran(start, end, 42_500)
                .rto(1800, false)
                .rpo(3600, null, false)
                .build();
        assertSameEvent(bare, bareBuilt);
    }

    @Test
    void aRecoveryOutcomeBuiltIsTheOneTheConstructorMakes() {
        RecoveryStep step = new RecoveryStep("plan", Outcome.PARTIAL, 0, "[skipped] dry run");
        RecoveryCompleted expected = new RecoveryCompleted(
                "rec-1",
                "default",
                "database_failure",
                Outcome.SUCCESS,
                true,
                "20250820_020000",
                start,
                end,
                42_000,
                1800,
                true,
                3600,
                600L,
                true,
                List.of(step),
                null);

        RecoveryCompleted built = RecoveryCompleted.of("rec-1", "default", "database_failure")
                .status(Outcome.SUCCESS)
                .dryRun(true)
                .backupId("20250820_020000")
                .ran(start, end, 42_000)
                .rto(1800, true)
                .rpo(3600, 600L, true)
                .steps(List.of(step))
                .build();

        assertSameEvent(expected, built);
        RecoveryCompleted failed = new RecoveryCompleted(
                "rec-2",
                "default",
                "redis_failure",
                Outcome.FAILED,
                false,
                null,
                start,
                end,
                0,
                900,
                false,
                900,
                null,
                false,
                List.of(),
                "no backup");
        RecoveryCompleted failedBuilt = RecoveryCompleted.of("rec-2", "default", "redis_failure")
                .status(Outcome.FAILED)
                .ran(start, end, 0)
                .rto(900, false)
                .rpo(900, null, false)
                .error("no backup")
                .build();
        assertSameEvent(failed, failedBuilt);
    }

    /** {@code built} is {@code expected}, field for field and byte for byte on the wire. */
    private void assertSameEvent(SuiteEvent expected, SuiteEvent built) {
        assertEquals(expected, built);
        assertArrayEquals(codec.encode(expected), codec.encode(built));
    }
}
