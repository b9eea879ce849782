package com.textloom.backup.recovery.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recoveries and drills survive a restart; one that was running when the service died reads back failed, with why. */
class RunStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    @TempDir
    Path dir;

    static RunReport run(String recoveryId, String drillId, String status, Instant created, List<StepRecord> steps) {
        return new RunReport(
                recoveryId,
                drillId,
                "database_failure",
                false,
                false,
                false,
                status,
                "20261203_090000",
                null,
                "ops",
                created,
                created,
                null,
                null,
                1800,
                3600,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                steps,
                null,
                null,
                null,
                null);
    }

    @Test
    void keepsRunsPrivatelyAndMarksTheOneRunningAtAStopAsFailed() throws Exception {
        Path state = dir.resolve("state");
        RunStore store = RunStore.open(state, Clock.fixed(T0, ZoneOffset.UTC));
        store.put(run("rec_1", null, RunReport.SUCCESS, T0, List.of()));
        store.put(run(null, "drill_1", RunReport.SUCCESS, T0.plusSeconds(5), List.of()));
        store.put(run(
                "rec_2",
                null,
                RunReport.RUNNING,
                T0.plusSeconds(10),
                List.of(
                        new StepRecord("verify_backup", StepRecord.SUCCESS, T0, 20, "ok", null),
                        new StepRecord("restore_database", StepRecord.RUNNING, T0, 0, "restoring", null),
                        StepRecord.pending("prove", "compare"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("recovery-rec_2.json"))));
        Files.writeString(state.resolve("recovery-rec_3.json.abc.tmp"), "{half");
        Files.writeString(state.resolve("recovery-rec_4.json"), "not json");

        RunStore reopened = RunStore.open(state, Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC));
        assertEquals(
                List.of("rec_2", "rec_1"),
                reopened.list(false).stream().map(RunReport::id).toList(),
                "newest first");
        assertEquals(
                List.of("drill_1"),
                reopened.list(true).stream().map(RunReport::id).toList());
        RunReport interrupted = reopened.recovery("rec_2").orElseThrow();
        assertEquals(RunReport.FAILED, interrupted.status());
        assertTrue(interrupted.error().contains("stopped while this recovery was running"), interrupted.error());
        assertEquals(
                List.of("success", "failed", "pending"),
                interrupted.steps().stream().map(StepRecord::status).toList());
        assertEquals(T0.plusSeconds(60), interrupted.completedAt());
        assertFalse(Files.exists(state.resolve("recovery-rec_3.json.abc.tmp")), "a torn write is removed");
        assertTrue(Files.exists(state.resolve("recovery-rec_4.json")), "an unreadable report is left alone");
        // written back: a third start reads it failed without changing it again
        assertEquals(
                interrupted,
                RunStore.open(state, Clock.fixed(T0.plusSeconds(99), ZoneOffset.UTC))
                        .recovery("rec_2")
                        .orElseThrow());
    }

    @Test
    void keepsAtMostTheNewestFinishedRunsOfEachKind() throws Exception {
        RunStore store = RunStore.open(dir, Clock.fixed(T0, ZoneOffset.UTC));
        for (int i = 0; i < RunStore.KEEP + 3; i++) {
            store.put(run("rec_" + i, null, RunReport.SUCCESS, T0.plusSeconds(i), List.of()));
        }
        store.put(run(null, "drill_x", RunReport.SUCCESS, T0.minusSeconds(100), List.of()));
        assertEquals(RunStore.KEEP, store.list(false).size());
        assertTrue(store.recovery("rec_0").isEmpty()
                && store.recovery("rec_2").isEmpty()
                && store.recovery("rec_3").isPresent());
        assertFalse(Files.exists(dir.resolve("recovery-rec_0.json")));
        assertTrue(store.drill("drill_x").isPresent(), "drills are counted apart");
    }
}
