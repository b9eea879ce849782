package com.textloom.backup.recovery.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.recovery.catalog.BackupInfo;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The backups check's rules on catalogue readings that the real manager gives in situations AssessIT does not set up:
 * a newest backup without a remote copy, a component never backed up, a catalogue that cannot be read.
 */
class BackupsCheckTest {

    private static final AssessSettings SETTINGS = new AssessSettings(
            null,
            null,
            null,
            List.of(URI.create("http://m:8080")),
            URI.create("http://s:8082"),
            URI.create("http://mo:8081"),
            Duration.ofSeconds(5),
            0.5,
            Map.of("database", Duration.ofHours(1), "redis", Duration.ofMinutes(15)),
            "./backups",
            List.of(),
            Map.of());

    private static BackupInfo backup(
            String id, Instant time, List<BackupInfo.RemoteCopyInfo> remotes, String... components) {
        Map<String, BackupInfo.ComponentInfo> c = new java.util.LinkedHashMap<>();
        for (String name : components) {
            c.put(name, new BackupInfo.ComponentInfo(name, "success", Map.of()));
        }
        return new BackupInfo(id, "abcd", "daily", "success", time, c, "local:/b", remotes);
    }

    @Test
    void aNewestBackupWithoutARemoteCopyMakesFullDisasterImpossibleAndSaysSo() {
        BackupInfo b = backup(
                "20261203_120000",
                Instant.now().minusSeconds(60),
                List.of(new BackupInfo.RemoteCopyInfo("s3:http://minio:9000/tb", "missing")),
                "database",
                "redis");
        CheckReport.CheckResult r =
                new BackupsCheck().run(SETTINGS, () -> new Baseline(Map.of("database", b, "redis", b), null));

        assertEquals("degraded", r.check().status());
        assertTrue(
                r.check().detail().contains("database: backup 20261203_120000 has no remote copy"),
                r.check().detail());
        assertTrue(
                r.recommendations().stream()
                        .anyMatch(x -> x.contains("full_disaster")
                                && x.contains("cannot be recovered")
                                && x.contains("MINIO_ENDPOINT")),
                r.recommendations().toString());
        assertEquals(List.of(), r.failures());
    }

    @Test
    void aComponentNeverBackedUpIsNamed() {
        BackupInfo b = backup(
                "20261203_120000",
                Instant.now(),
                List.of(new BackupInfo.RemoteCopyInfo("s3:http://minio:9000/tb", "present")),
                "database");
        CheckReport.CheckResult r = new BackupsCheck().run(SETTINGS, () -> new Baseline(Map.of("database", b), null));

        assertEquals("degraded", r.check().status());
        assertEquals("redis: no good backup", r.check().detail());
    }

    @Test
    void anUnreadableCatalogueIsDegradedAndPointsAtTheManager() {
        CheckReport.CheckResult r = new BackupsCheck()
                .run(
                        SETTINGS,
                        () -> Baseline.unavailable(
                                "the backup manager's catalogue at http://m:8080 is unavailable: connection refused"));

        assertEquals("degraded", r.check().status());
        assertTrue(
                r.recommendations().get(0).contains("start the backup manager"),
                r.recommendations().toString());
    }

    /**
     * A manager that answers too slowly (busy with a backup on a loaded machine) is not one to start: found in dr9's
     * walk-through, where `assess` during a backup recommended `deploy/local/up backup-manager` while the suite check
     * said all services ready.
     */
    @Test
    void aCatalogueTooSlowToAnswerIsNotAdvisedToBeStarted() {
        CheckReport.CheckResult r = new BackupsCheck()
                .run(
                        SETTINGS,
                        () -> Baseline.late("the backup catalogue at http://m:8080 did not answer within 4000 ms"));

        assertEquals("degraded", r.check().status());
        String advice = r.recommendations().get(0);
        assertTrue(
                advice.contains("did not answer within 4000 ms")
                        && !advice.contains("start the backup manager")
                        && advice.contains("assess --fresh")
                        && advice.contains("/q/health/ready"),
                advice);
    }
}
