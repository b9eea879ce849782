package com.textloom.backup.monitor.metrics;

import static com.textloom.backup.monitor.Fixtures.backup;
import static com.textloom.backup.monitor.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.textloom.backup.monitor.Fixtures;
import com.textloom.backup.monitor.probe.DiskUsage;
import com.textloom.backup.monitor.probe.ProbeSnapshot;
import com.textloom.backup.monitor.state.BackupResult;
import com.textloom.backup.monitor.state.MonitorState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCalculatorTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theAverageBackupAgeIsTheTimeAverageOfTheSawtoothFromTheFirstSuccess() {
        // successes at 0 h and 2 h, now 4 h: age goes 0->2, then 0->2: average 1 h
        List<Instant> s = List.of(T0, T0.plus(Duration.ofHours(2)));
        assertEquals(
                1.0, MetricsCalculator.averageAgeHours(s, T0.minus(Duration.ofDays(7)), T0.plus(Duration.ofHours(4))));
        // window starting at 3 h: last success at 2 h, ages 1 -> 2: average 1.5 h
        assertEquals(
                1.5, MetricsCalculator.averageAgeHours(s, T0.plus(Duration.ofHours(3)), T0.plus(Duration.ofHours(4))));
        assertNull(MetricsCalculator.averageAgeHours(List.of(), T0, T0.plusSeconds(1)));
    }

    @Test
    void ratesAgesBytesAndDaysComeFromTheReplayedBackups() {
        MonitorState state = new MonitorState(Duration.ofDays(7), 0.5);
        state.apply(backup("b1", BackupResult.Status.SUCCESS, T0.minus(Duration.ofDays(2)), ok("database", 4000, 1)));
        state.apply(backup("b2", BackupResult.Status.FAILED, T0.minus(Duration.ofHours(3))));
        state.apply(backup("b3", BackupResult.Status.SUCCESS, T0.minus(Duration.ofHours(2)), ok("database", 4000, 1)));
        ProbeSnapshot probes =
                new ProbeSnapshot(new DiskUsage(dir.toString(), 1000, 452, 45.2, null), List.of(), List.of());
        MetricsView v = MetricsCalculator.compute(state, probes, Fixtures.settings(dir), T0);
        assertEquals(0.5, v.backupSuccessRate(), "b2 failed, b3 succeeded in the last 24 h");
        assertEquals(2.0, v.lastBackupAgeHours());
        assertEquals(45.2, v.diskSpaceUsedPercent());
        assertEquals(0.67, v.avgSuccessRate());
        assertEquals(3, v.totals().backups());
        assertEquals(8000, v.totals().bytesRead());
        assertEquals(2.0, v.totals().dedupRatio(), "read 8000, new 4000");
        assertEquals(7, v.days().size());
        assertEquals(
                T0.atZone(java.time.ZoneOffset.UTC).toLocalDate(),
                v.days().get(6).day());
        assertEquals(2, v.days().get(6).backups());
        // avg age over [b1, now]: 46 h sawtooth to 46 then 0 -> 2: (46^2/2 + 2^2/2) / 48
        assertEquals(Math.round((46.0 * 46 / 2 + 2.0 * 2 / 2) / 48 * 100) / 100.0, v.avgBackupAgeHours());
        MetricsView.ComponentAge db = v.components().stream()
                .filter(c -> c.component().equals("database") && c.tier().equals("daily"))
                .findFirst()
                .orElseThrow();
        assertEquals(2.0, db.ageHours());
        assertEquals(1.0, db.rpoHours());
    }
}
