package com.textloom.backup.monitor.rules;

import com.textloom.backup.monitor.Fixtures;
import com.textloom.backup.monitor.config.MonitorSettings;
import com.textloom.backup.monitor.probe.DiskUsage;
import com.textloom.backup.monitor.probe.ProbeSnapshot;
import com.textloom.backup.monitor.probe.ProbeStatus;
import com.textloom.backup.monitor.state.BackupResult;
import com.textloom.backup.monitor.state.MonitorState;
import com.textloom.backup.monitor.state.VerifyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.textloom.backup.monitor.Fixtures.backup;
import static com.textloom.backup.monitor.Fixtures.failed;
import static com.textloom.backup.monitor.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RulesTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dir;

    private final MonitorState state = new MonitorState(Duration.ofDays(7), 0.5);

    private Map<String, Condition> evaluate(MonitorSettings settings, ProbeSnapshot probes, Instant now) {
        return Rules.all().evaluate(new RuleContext(state, probes, settings, now, T0));
    }

    private ProbeSnapshot quiet() {
        return new ProbeSnapshot(new DiskUsage(dir.toString(), 100, 10, 10.0, null), List.of(), List.of());
    }

    @Test
    void aFailedBackupIsCriticalAPartialOneIsAWarningAndBothHaveStableFingerprints() {
        MonitorSettings s = Fixtures.settings(dir, Map.of(), Map.of(), Map.of(), 99);
        state.apply(backup("b1", BackupResult.Status.FAILED, T0));
        state.apply(backup("b2", BackupResult.Status.PARTIAL, T0.plusSeconds(1), ok("redis", 5, 1),
                failed("database", "connection refused")));
        Map<String, Condition> c = evaluate(s, quiet(), T0.plusSeconds(2));
        assertEquals("critical", c.get("backup_failed:main/*").severity());
        assertEquals("warning", c.get("backup_failed:main/database").severity());
        assertTrue(c.get("backup_failed:main/database").message().contains("connection refused"));
        assertEquals(c.keySet(), evaluate(s, quiet(), T0.plusSeconds(3)).keySet(), "same conditions, same fingerprints");
    }

    @Test
    void aComponentWithoutASuccessWithinItsRpoIsLateUntilOneArrives() {
        MonitorSettings s = Fixtures.settings(dir);
        state.apply(backup("b1", BackupResult.Status.SUCCESS, T0, ok("database", 5, 1), ok("redis", 5, 1)));
        Map<String, Condition> at20m = evaluate(s, quiet(), T0.plus(Duration.ofMinutes(20)));
        assertTrue(at20m.containsKey("rpo_exceeded:redis"), at20m.toString());
        assertTrue(!at20m.containsKey("rpo_exceeded:database"));
        assertTrue(at20m.get("rpo_exceeded:redis").message().contains("20m old, over its RPO of 15m"),
                at20m.get("rpo_exceeded:redis").message());
        state.apply(backup("b2", BackupResult.Status.SUCCESS, T0.plus(Duration.ofMinutes(21)), ok("redis", 5, 1)));
        assertTrue(!evaluate(s, quiet(), T0.plus(Duration.ofMinutes(22))).containsKey("rpo_exceeded:redis"));
    }

    @Test
    void diskUsageOverTheThresholdIsAWarningAndOverTheCriticalOneCritical() {
        MonitorSettings s = new MonitorSettings("n", Duration.ofSeconds(1), Duration.ofSeconds(1), 7, Map.of(), dir,
                80, 90, 0.5, Map.of(), Map.of(), Duration.ofSeconds(1));
        ProbeSnapshot p85 = new ProbeSnapshot(new DiskUsage("/b", 100, 85, 85.0, null), List.of(), List.of());
        ProbeSnapshot p95 = new ProbeSnapshot(new DiskUsage("/b", 100, 95, 95.0, null), List.of(), List.of());
        assertEquals("warning", evaluate(s, p85, T0).get("disk_usage_high:/b").severity());
        assertEquals("critical", evaluate(s, p95, T0).get("disk_usage_high:/b").severity());
        assertTrue(evaluate(s, quiet(), T0).isEmpty());
    }

    @Test
    void unreachableBackendsAndUnreadyServicesRaiseAlertsAndAFailedRemoteCopyToo() {
        MonitorSettings s = Fixtures.settings(dir, Map.of(), Map.of(), Map.of(), 99);
        ProbeSnapshot probes = new ProbeSnapshot(quiet().disk(),
                List.of(new ProbeStatus("minio", "http://127.0.0.1:1", false, "ConnectException", T0)),
                List.of(new ProbeStatus("backup-manager", "http://127.0.0.1:2/q/health/ready", false, "HTTP 503", T0),
                        new ProbeStatus("backup-scheduler", "http://127.0.0.1:3/q/health/ready", true, "HTTP 200", T0)));
        state.apply(new BackupResult("b1", "main", "daily", BackupResult.Status.SUCCESS, T0, 1, List.of(ok("database", 5, 1)),
                List.of(new BackupResult.RemoteCopyOutcome("obs", false, "403 Forbidden")), null));
        Map<String, Condition> c = evaluate(s, probes, T0);
        assertTrue(c.containsKey("storage_unreachable:minio"));
        assertTrue(c.get("storage_unreachable:obs").message().contains("403 Forbidden"));
        assertTrue(c.containsKey("service_unhealthy:backup-manager"));
        assertTrue(!c.containsKey("service_unhealthy:backup-scheduler"));
    }

    @Test
    void verifyDamageHoldsUntilALaterCleanVerify() {
        MonitorSettings s = Fixtures.settings(dir, Map.of(), Map.of(), Map.of(), 99);
        state.apply(new VerifyResult("main", null, false, 2, List.of("20261120_100000"), T0, null));
        Condition c = evaluate(s, quiet(), T0).get("verify_damage:main");
        assertTrue(c.message().contains("2 damaged blob(s)") && c.message().contains("20261120_100000"), c.message());
        state.apply(new VerifyResult("main", null, true, 0, List.of(), T0.plusSeconds(60), null));
        assertTrue(evaluate(s, quiet(), T0.plusSeconds(61)).isEmpty());
    }

    @Test
    void aSuspiciousSuccessIsAWarningNamingTheBackup() {
        MonitorSettings s = Fixtures.settings(dir, Map.of(), Map.of(), Map.of(), 99);
        state.apply(backup("b1", BackupResult.Status.SUCCESS, T0, ok("database", 1000, 1)));
        state.apply(backup("b2", BackupResult.Status.SUCCESS, T0.plusSeconds(1), ok("database", 100, 1)));
        Condition c = evaluate(s, quiet(), T0.plusSeconds(2)).get("backup_suspicious:main/database");
        assertEquals("warning", c.severity());
        assertTrue(c.message().startsWith("Suspicious backup b2"), c.message());
    }
}
