package com.textloom.backup.monitor;

import com.textloom.backup.monitor.config.MonitorSettings;
import com.textloom.backup.monitor.state.BackupResult;
import com.textloom.backup.monitor.state.RecoveryRun;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Builders of test data shared by the monitor's tests. */
public final class Fixtures {

    /** The shipped drill periods: monthly restore test plus a day, quarterly DR drill plus a day. */
    public static final Map<String, Duration> DRILL_PERIODS = Map.of(
            "database_failure",
            Duration.ofDays(32),
            "redis_failure",
            Duration.ofDays(32),
            "full_disaster",
            Duration.ofDays(93));

    private Fixtures() {}

    /** Settings with the guide's RPOs, 1 s interval and 2 s re-notify, nothing to probe. */
    public static MonitorSettings settings(Path backupDir) {
        return settings(
                backupDir,
                Map.of("database", Duration.ofHours(1), "redis", Duration.ofMinutes(15)),
                Map.of(),
                Map.of(),
                99.9);
    }

    public static MonitorSettings settings(
            Path backupDir,
            Map<String, Duration> rpo,
            Map<String, URI> services,
            Map<String, URI> backends,
            double diskWarning) {
        return new MonitorSettings(
                "test-node",
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                7,
                rpo,
                backupDir,
                diskWarning,
                100,
                0.5,
                services,
                backends,
                Duration.ofSeconds(2),
                DRILL_PERIODS);
    }

    /** A component outcome. */
    public static BackupResult.ComponentOutcome ok(String component, long bytes, long files) {
        return new BackupResult.ComponentOutcome(component, true, bytes, bytes / 2, bytes / 4, files, 1000, null);
    }

    public static BackupResult.ComponentOutcome failed(String component, String error) {
        return new BackupResult.ComponentOutcome(component, false, 0, 0, 0, 0, 10, error);
    }

    /** A backup of repository "main". */
    public static BackupResult backup(
            String id, BackupResult.Status status, Instant at, BackupResult.ComponentOutcome... components) {
        return new BackupResult(
                id,
                "main",
                "daily",
                status,
                at,
                2000,
                Arrays.asList(components),
                List.of(),
                status == BackupResult.Status.FAILED ? "it broke" : null);
    }

    /** A drill of repository "main" that ended at {@code at} after {@code seconds}, against an RTO target of 10 minutes. */
    public static RecoveryRun drill(String id, String scenario, String status, Instant at, long seconds) {
        return new RecoveryRun(
                RecoveryRun.DRILL,
                id,
                "main",
                scenario,
                status,
                false,
                at.minusSeconds(seconds),
                at,
                seconds * 1000,
                600,
                seconds <= 600,
                60L,
                true,
                status.equals("success") ? null : "restore differed");
    }

    /** A recovery of repository "main" that ended at {@code at}. */
    public static RecoveryRun recovery(String id, String scenario, String status, boolean dryRun, Instant at) {
        return new RecoveryRun(
                RecoveryRun.RECOVERY,
                id,
                "main",
                scenario,
                status,
                dryRun,
                at.minusSeconds(90),
                at,
                90_000,
                600,
                true,
                60L,
                true,
                status.equals("success") ? null : "redis did not come back");
    }

    /** disaster-recovery's {@code GET /api/assess} with Redis at {@code status}. */
    public static String assessment(String redisStatus) {
        return "{\"overall_status\":\"" + redisStatus + "\",\"assessed_at\":\"" + Instant.now() + "\",\"services\":["
                + "{\"name\":\"redis\",\"status\":\"" + redisStatus
                + "\",\"detail\":\"data loss: db 10 has 0 of 6 keys\"}]}";
    }

    /** The manager's {@code /q/health/well} as SmallRye Health writes it, its {@code repository} check in {@code state}. */
    public static String wellness(String state) {
        boolean up = state.equals("ok");
        return "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"checks\":[{\"name\":\"repository\",\"status\":\""
                + (up ? "UP" : "DOWN") + "\",\"data\":{\"repository\":\"local:/backups\""
                + (up
                        ? ""
                        : ",\"state\":\"" + state + "\",\"error\":\"the repository this manager backs up into (id"
                                + " 1a2b3c4d) is gone from local:/backups\"")
                + "}}]}";
    }
}
