package com.textloom.backup.monitor.rules;

import static com.textloom.backup.monitor.Fixtures.backup;
import static com.textloom.backup.monitor.Fixtures.drill;
import static com.textloom.backup.monitor.Fixtures.failed;
import static com.textloom.backup.monitor.Fixtures.ok;
import static com.textloom.backup.monitor.Fixtures.recovery;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.monitor.Fixtures;
import com.textloom.backup.monitor.config.MonitorSettings;
import com.textloom.backup.monitor.probe.DiskUsage;
import com.textloom.backup.monitor.probe.ProbeSnapshot;
import com.textloom.backup.monitor.probe.ProbeStatus;
import com.textloom.backup.monitor.state.BackupResult;
import com.textloom.backup.monitor.state.MonitorState;
import com.textloom.backup.monitor.state.VerifyResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        state.apply(backup(
                "b2",
                BackupResult.Status.PARTIAL,
                T0.plusSeconds(1),
                ok("redis", 5, 1),
                failed("database", "connection refused")));
        Map<String, Condition> c = evaluate(s, quiet(), T0.plusSeconds(2));
        assertEquals("critical", c.get("backup_failed:main/*").severity());
        assertEquals("warning", c.get("backup_failed:main/database").severity());
        assertTrue(c.get("backup_failed:main/database").message().contains("connection refused"));
        assertEquals(
                c.keySet(), evaluate(s, quiet(), T0.plusSeconds(3)).keySet(), "same conditions, same fingerprints");
    }

    @Test
    void aComponentWithoutASuccessWithinItsRpoIsLateUntilOneArrives() {
        MonitorSettings s = Fixtures.settings(dir);
        state.apply(backup("b1", BackupResult.Status.SUCCESS, T0, ok("database", 5, 1), ok("redis", 5, 1)));
        Map<String, Condition> at20m = evaluate(s, quiet(), T0.plus(Duration.ofMinutes(20)));
        assertTrue(at20m.containsKey("rpo_exceeded:redis"), at20m.toString());
        assertTrue(!at20m.containsKey("rpo_exceeded:database"));
        assertTrue(
                at20m.get("rpo_exceeded:redis").message().contains("20m old, over its RPO of 15m"),
                at20m.get("rpo_exceeded:redis").message());
        state.apply(backup("b2", BackupResult.Status.SUCCESS, T0.plus(Duration.ofMinutes(21)), ok("redis", 5, 1)));
        assertTrue(!evaluate(s, quiet(), T0.plus(Duration.ofMinutes(22))).containsKey("rpo_exceeded:redis"));
    }

    @Test
    void diskUsageOverTheThresholdIsAWarningAndOverTheCriticalOneCritical() {
        MonitorSettings s = new MonitorSettings(
                "n",
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                7,
                Map.of(),
                dir,
                80,
                90,
                0.5,
                Map.of(),
                Map.of(),
                Duration.ofSeconds(1),
                Map.of());
        ProbeSnapshot p85 = new ProbeSnapshot(new DiskUsage("/b", 100, 85, 85.0, null), List.of(), List.of());
        ProbeSnapshot p95 = new ProbeSnapshot(new DiskUsage("/b", 100, 95, 95.0, null), List.of(), List.of());
        assertEquals("warning", evaluate(s, p85, T0).get("disk_usage_high:/b").severity());
        assertEquals("critical", evaluate(s, p95, T0).get("disk_usage_high:/b").severity());
        assertTrue(evaluate(s, quiet(), T0).isEmpty());
    }

    @Test
    void unreachableBackendsAndUnreadyServicesRaiseAlertsAndAFailedRemoteCopyToo() {
        MonitorSettings s = Fixtures.settings(dir, Map.of(), Map.of(), Map.of(), 99);
        ProbeSnapshot probes = new ProbeSnapshot(
                quiet().disk(),
                List.of(new ProbeStatus("minio", "http://127.0.0.1:1", false, "ConnectException", T0)),
                List.of(
                        new ProbeStatus("backup-manager", "http://127.0.0.1:2/q/health/ready", false, "HTTP 503", T0),
                        new ProbeStatus(
                                "backup-scheduler", "http://127.0.0.1:3/q/health/ready", true, "HTTP 200", T0)));
        state.apply(new BackupResult(
                "b1",
                "main",
                "daily",
                BackupResult.Status.SUCCESS,
                T0,
                1,
                List.of(ok("database", 5, 1)),
                List.of(new BackupResult.RemoteCopyOutcome("obs", false, "403 Forbidden")),
                null));
        Map<String, Condition> c = evaluate(s, probes, T0);
        assertTrue(c.containsKey("storage_unreachable:minio"));
        assertTrue(c.get("storage_unreachable:obs").message().contains("403 Forbidden"));
        assertTrue(c.containsKey("service_unhealthy:backup-manager"));
        assertTrue(!c.containsKey("service_unhealthy:backup-scheduler"));
    }

    @Test
    void aProtectedPartCriticalInDisasterRecoverysAssessmentIsCriticalAndNamesItsComponent() {
        MonitorSettings s = Fixtures.settings(dir, Map.of(), Map.of(), Map.of(), 99);
        String dr = "http://127.0.0.1:8083/api/assess";
        ProbeSnapshot probes = new ProbeSnapshot(
                quiet().disk(),
                List.of(),
                List.of(),
                List.of(
                        new ProbeStatus("redis", dr, false, "critical: data loss: db 10 has 0 of 6 keys", T0),
                        new ProbeStatus("postgresql", dr, true, "healthy: ok", T0),
                        new ProbeStatus("application", dr, true, "skipped: TEXTLOOM_APP_HEALTH_URL not set", T0),
                        new ProbeStatus("storage", dr, false, "critical: repository missing", T0)));
        Map<String, Condition> c = evaluate(s, probes, T0);
        Condition redis = c.get("protected_service_failed:redis");
        assertEquals("critical", redis.severity(), c.toString());
        assertEquals("redis", redis.component(), "disaster-recovery maps the component to redis_failure");
        assertTrue(redis.message().contains("0 of 6 keys"), redis.message());
        assertEquals(null, c.get("protected_service_failed:storage").component());
        assertTrue(!c.containsKey("protected_service_failed:postgresql")
                && !c.containsKey("protected_service_failed:application"));
    }

    @Test
    void aLostRepositoryIsCriticalOnItsNameAndAFoundOneRaisesNothing() {
        MonitorSettings s = Fixtures.settings(dir, Map.of(), Map.of(), Map.of(), 99);
        String well = "http://127.0.0.1:8080/q/health/well";
        ProbeSnapshot probes = new ProbeSnapshot(
                quiet().disk(),
                List.of(),
                List.of(),
                List.of(),
                List.of(
                        new ProbeStatus("default", well, false, "lost: config missing", T0),
                        new ProbeStatus("other", well, true, "open", T0)));
        Map<String, Condition> c = evaluate(s, probes, T0);
        Condition lost = c.get("repository_lost:default");
        assertEquals("critical", lost.severity(), c.toString());
        assertEquals("*", lost.repository());
        assertEquals(null, lost.component());
        assertEquals("The repository default backs up into is lost: config missing", lost.message());
        assertTrue(!c.containsKey("repository_lost:other"), c.toString());
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

    @Test
    void aFailedDrillIsAWarningUntilTheNextSuccessfulDrillOfTheScenario() {
        MonitorSettings s = Fixtures.settings(dir, Map.of(), Map.of(), Map.of(), 99);
        state.apply(drill("d1", "redis_failure", "failed", T0, 30));
        Condition c = evaluate(s, quiet(), T0.plusSeconds(1)).get("drill_failed:redis_failure");
        assertEquals("warning", c.severity());
        assertTrue(c.message().contains("d1") && c.message().contains("restore differed"), c.message());
        state.apply(drill("d0", "redis_failure", "success", T0.minusSeconds(60), 30));
        assertTrue(
                evaluate(s, quiet(), T0.plusSeconds(2)).containsKey("drill_failed:redis_failure"),
                "an older success arriving late clears nothing");
        state.apply(drill("d2", "database_failure", "success", T0.plusSeconds(5), 30));
        assertTrue(
                evaluate(s, quiet(), T0.plusSeconds(6)).containsKey("drill_failed:redis_failure"),
                "another scenario's success clears nothing");
        state.apply(drill("d3", "redis_failure", "success", T0.plusSeconds(10), 30));
        assertEquals(Map.of(), evaluate(s, quiet(), T0.plusSeconds(11)));
    }

    @Test
    void aDrillOverItsRtoTargetIsAWarningUntilADrillWithinIt() {
        MonitorSettings s = Fixtures.settings(dir, Map.of(), Map.of(), Map.of(), 99);
        state.apply(drill("d1", "database_failure", "success", T0, 900));
        Condition c = evaluate(s, quiet(), T0.plusSeconds(1)).get("rto_exceeded:database_failure");
        assertEquals("warning", c.severity());
        assertTrue(c.message().contains("took 15m, over its RTO target of 10m"), c.message());
        state.apply(drill("d2", "database_failure", "failed", T0.plusSeconds(10), 30));
        assertTrue(
                evaluate(s, quiet(), T0.plusSeconds(11)).containsKey("rto_exceeded:database_failure"),
                "a failed drill proves no RTO");
        state.apply(drill("d3", "database_failure", "success", T0.plusSeconds(20), 300));
        assertEquals(Map.of(), evaluate(s, quiet(), T0.plusSeconds(21)));
    }

    @Test
    void aFailedRecoveryIsCriticalUntilTheNextSuccessfulOneAndDryRunsChangeNothing() {
        MonitorSettings s = Fixtures.settings(dir, Map.of(), Map.of(), Map.of(), 99);
        state.apply(recovery("r0", "redis_failure", "failed", true, T0));
        assertEquals(Map.of(), evaluate(s, quiet(), T0.plusSeconds(1)), "a failed dry run raises nothing");
        state.apply(recovery("r1", "redis_failure", "failed", false, T0.plusSeconds(5)));
        Condition c = evaluate(s, quiet(), T0.plusSeconds(6)).get("recovery_failed:redis_failure");
        assertEquals("critical", c.severity());
        assertTrue(c.message().contains("r1") && c.message().contains("redis did not come back"), c.message());
        state.apply(recovery("r2", "redis_failure", "success", true, T0.plusSeconds(10)));
        assertTrue(
                evaluate(s, quiet(), T0.plusSeconds(11)).containsKey("recovery_failed:redis_failure"),
                "a successful dry run recovers nothing");
        state.apply(recovery("r3", "redis_failure", "success", false, T0.plusSeconds(20)));
        assertEquals(Map.of(), evaluate(s, quiet(), T0.plusSeconds(21)));
    }

    @Test
    void aScenarioNeverDrilledIsOverdueOnlyAWholePeriodAfterTheMonitorStartedNeverFromTheEpoch() {
        MonitorSettings s = Fixtures.settings(dir, Map.of(), Map.of(), Map.of(), 99);
        assertEquals(Map.of(), evaluate(s, quiet(), T0), "a fresh install: nothing drilled, nothing overdue");
        assertEquals(Map.of(), evaluate(s, quiet(), T0.plus(Duration.ofDays(31))));
        Map<String, Condition> at33 = evaluate(s, quiet(), T0.plus(Duration.ofDays(33)));
        assertEquals(java.util.Set.of("drill_overdue:database_failure", "drill_overdue:redis_failure"), at33.keySet());
        assertEquals("warning", at33.get("drill_overdue:redis_failure").severity());
        assertTrue(
                at33.get("drill_overdue:redis_failure")
                        .message()
                        .contains("No successful drill of redis_failure for 33d;" + " its period is 32d"),
                at33.get("drill_overdue:redis_failure").message());

        state.apply(drill("d1", "redis_failure", "failed", T0.plus(Duration.ofDays(33)), 30));
        assertTrue(
                evaluate(s, quiet(), T0.plus(Duration.ofDays(33)).plusSeconds(1))
                        .containsKey("drill_overdue:redis_failure"),
                "a failed drill proves nothing");
        state.apply(drill("d2", "redis_failure", "success", T0.plus(Duration.ofDays(34)), 30));
        Map<String, Condition> at34 =
                evaluate(s, quiet(), T0.plus(Duration.ofDays(34)).plusSeconds(1));
        assertTrue(
                !at34.containsKey("drill_overdue:redis_failure") && at34.containsKey("drill_overdue:database_failure"),
                at34.keySet().toString());
        Map<String, Condition> at67 = evaluate(s, quiet(), T0.plus(Duration.ofDays(67)));
        assertTrue(
                at67.get("drill_overdue:redis_failure")
                        .message()
                        .contains(
                                "Last successful drill of redis_failure (d2)" + " is 33d old, over its period of 32d"),
                at67.get("drill_overdue:redis_failure").message());
        assertTrue(!at67.containsKey("drill_overdue:full_disaster"), "quarterly: 93 days");
        assertTrue(evaluate(s, quiet(), T0.plus(Duration.ofDays(94))).containsKey("drill_overdue:full_disaster"));
    }
}
