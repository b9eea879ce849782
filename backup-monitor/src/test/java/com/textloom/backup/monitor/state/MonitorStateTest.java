package com.textloom.backup.monitor.state;

import static com.textloom.backup.monitor.Fixtures.backup;
import static com.textloom.backup.monitor.Fixtures.failed;
import static com.textloom.backup.monitor.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MonitorStateTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private final MonitorState state = new MonitorState(Duration.ofDays(7), 0.5);

    @Test
    void aBackupSeenTwiceCountsOnce() {
        assertTrue(state.apply(backup("b1", BackupResult.Status.SUCCESS, T0, ok("database", 100, 1))));
        assertFalse(state.apply(backup("b1", BackupResult.Status.SUCCESS, T0, ok("database", 100, 1))));
        assertEquals(1, state.backups().size());
    }

    @Test
    void aFailedComponentStaysFailingUntilItsNextSuccess() {
        state.apply(
                backup("b1", BackupResult.Status.PARTIAL, T0, ok("redis", 10, 1), failed("database", "pg_dump: down")));
        assertEquals(java.util.Set.of("main/database"), state.failing().keySet());
        state.apply(backup("b2", BackupResult.Status.SUCCESS, T0.plusSeconds(60), ok("redis", 10, 1)));
        assertEquals(
                java.util.Set.of("main/database"), state.failing().keySet(), "redis success does not clear database");
        state.apply(backup("b3", BackupResult.Status.SUCCESS, T0.plusSeconds(120), ok("database", 10, 1)));
        assertTrue(state.failing().isEmpty());
    }

    @Test
    void aSuccessThatReadsLessThanHalfOfThePreviousIsSuspiciousAndTheNextNormalOneClearsIt() {
        state.apply(backup("b1", BackupResult.Status.SUCCESS, T0, ok("workspace", 1000, 100)));
        state.apply(backup("b2", BackupResult.Status.SUCCESS, T0.plusSeconds(60), ok("workspace", 600, 60)));
        assertTrue(state.suspicious().isEmpty(), "a 40% drop is within the threshold");
        state.apply(backup("b3", BackupResult.Status.SUCCESS, T0.plusSeconds(120), ok("workspace", 200, 60)));
        assertEquals(1, state.suspicious().size());
        assertTrue(
                state.suspicious().get(0).reason().contains("67% less"),
                state.suspicious().get(0).reason());
        state.apply(backup("b4", BackupResult.Status.SUCCESS, T0.plusSeconds(180), ok("workspace", 210, 60)));
        assertTrue(state.suspicious().isEmpty());
    }

    @Test
    void anEmptySuccessIsSuspiciousAndSoIsAFileCountDrop() {
        state.apply(backup("b1", BackupResult.Status.SUCCESS, T0, ok("logs", 0, 0)));
        assertTrue(state.suspicious().get(0).reason().contains("0 bytes"));
        state.apply(backup("b2", BackupResult.Status.SUCCESS, T0.plusSeconds(60), ok("logs", 1000, 100)));
        state.apply(backup("b3", BackupResult.Status.SUCCESS, T0.plusSeconds(120), ok("logs", 900, 10)));
        assertTrue(
                state.suspicious().get(0).reason().contains("10 files"),
                state.suspicious().get(0).reason());
    }

    @Test
    void alertLifecycleIsIdempotentAndReNotificationsOnlyMoveForward() {
        Alert a = Alert.raised("a1", "rule:x", "rule", "critical", "x", "*", null, "m", T0);
        assertTrue(state.raised(a, T0));
        assertFalse(state.raised(a, T0.plusSeconds(5)));
        Alert second =
                new Alert("a1", "rule:x", "rule", "critical", "x", "*", null, "m", T0, 2, null, null, null, null);
        assertTrue(state.raised(second, T0.plusSeconds(10)));
        assertEquals(2, state.alert("a1").orElseThrow().notifications());
        assertEquals(T0.plusSeconds(10), state.alert("a1").orElseThrow().lastNotifiedAt());
        assertTrue(state.acknowledged("a1", T0.plusSeconds(11), "ops"));
        assertFalse(state.acknowledged("a1", T0.plusSeconds(12), "other"));
        assertEquals("acknowledged", state.alert("a1").orElseThrow().status());
        assertTrue(state.activeFor("rule:x").isPresent());
        assertTrue(state.resolved("a1", T0.plusSeconds(20)));
        assertTrue(state.activeFor("rule:x").isEmpty());
        assertEquals("resolved", state.alert("a1").orElseThrow().status());
    }

    @Test
    void drillsAndRecoveriesCountOnceAndTheHistoryStaysBoundedWhileTheConditionsStayRight() {
        assertTrue(state.apply(com.textloom.backup.monitor.Fixtures.drill("d0", "full_disaster", "success", T0, 60)));
        assertFalse(state.apply(com.textloom.backup.monitor.Fixtures.drill("d0", "full_disaster", "success", T0, 60)));
        for (int i = 1; i <= MonitorState.RUNS_KEPT + 50; i++) {
            state.apply(com.textloom.backup.monitor.Fixtures.drill(
                    "d" + i, "redis_failure", i % 2 == 0 ? "success" : "failed", T0.plusSeconds(i), 60));
        }
        assertEquals(MonitorState.RUNS_KEPT, state.runs().size(), "bounded");
        assertEquals(
                "d" + (MonitorState.RUNS_KEPT + 50),
                state.runs().get(state.runs().size() - 1).id(),
                "the newest kept");
        assertEquals(
                "d0",
                state.lastGoodDrills().get("full_disaster").id(),
                "a scenario's last good drill outlives the history");
        assertEquals("d250", state.lastGoodDrills().get("redis_failure").id());
        assertTrue(state.failingDrills().isEmpty(), "the newest redis drill succeeded");
    }
}
