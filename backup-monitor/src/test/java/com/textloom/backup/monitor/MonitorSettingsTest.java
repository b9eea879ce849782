package com.textloom.backup.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.monitor.config.MonitorConfig;
import com.textloom.backup.monitor.config.MonitorSettings;
import com.textloom.backup.support.config.SuiteLookup;
import com.textloom.backup.support.testing.SuiteConfigs;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.SmallRyeConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The monitor's settings from the suite's variables, as the service reads them at start-up. */
class MonitorSettingsTest {

    private static MonitorSettings settings(Map<String, String> env) {
        SmallRyeConfig c = SuiteConfigs.of(env, MonitorConfig.class);
        return MonitorService.settings(c.getConfigMapping(MonitorConfig.class), SuiteLookup.stores(c));
    }

    /**
     * Drift fixed: MINIO_SECURE made the manager copy to https://minio:9000 while the monitor probed
     * http://minio:9000; both now read the store through suite-config's StorageEndpoint.
     */
    @Test
    void theStorageProbeHonoursMinioSecureAsTheManagerDoes() {
        MonitorSettings s = settings(Map.of(
                "MINIO_ENDPOINT",
                "minio:9000",
                "MINIO_SECURE",
                "true",
                "OBS_ENDPOINT",
                "obs.cn-north-4.myhuaweicloud.com"));
        assertEquals(
                Map.of(
                        "minio",
                        URI.create("https://minio:9000"),
                        "obs",
                        URI.create("https://obs.cn-north-4.myhuaweicloud.com")),
                s.backends());
        assertEquals(
                Map.of("minio", URI.create("http://minio:9000")),
                settings(Map.of("MINIO_ENDPOINT", "minio:9000")).backends());
        assertEquals(
                Map.of("s3", URI.create("http://127.0.0.1:9000")),
                settings(Map.of("MINIO_ENDPOINT", "minio:9000", "BACKUP_MONITOR_BACKENDS", "s3=127.0.0.1:9000"))
                        .backends(),
                "BACKUP_MONITOR_BACKENDS wins");
    }

    @Test
    void everyThresholdHasTheCataloguesDefault() {
        MonitorSettings s = settings(Map.of());
        assertEquals(Duration.ofSeconds(300), s.interval());
        assertEquals(Duration.ofHours(1), s.renotifyInterval());
        assertEquals(7, s.historyDays());
        assertEquals(
                Map.of(
                        "database",
                        Duration.ofHours(1),
                        "redis",
                        Duration.ofMinutes(15),
                        "workspace",
                        Duration.ofHours(2),
                        "logs",
                        Duration.ofHours(4)),
                s.rpo());
        assertEquals(Path.of("./backups"), s.backupDir());
        assertEquals(85, s.diskWarningPercent());
        assertEquals(95, s.diskCriticalPercent());
        assertEquals(0.5, s.suspiciousDrop());
        assertEquals(3, s.services().size());
        assertEquals(Map.of(), s.backends());
        assertEquals(Duration.ofSeconds(5), s.probeTimeout());
        assertEquals(Map.of(), settings(Map.of("BACKUP_MONITOR_SERVICES", "")).services(), "set but empty: none");
        assertEquals(
                Duration.ofMinutes(10),
                settings(Map.of("BACKUP_MONITOR_INTERVAL", "10m")).interval());
    }

    @Test
    void aBadValueStopsStartUpNamingTheVariable() {
        ConfigValidationException e = assertThrows(
                ConfigValidationException.class,
                () -> settings(Map.of("BACKUP_MONITOR_SUSPICIOUS_DROP", "2", "BACKUP_MONITOR_RPO", "database=soon")));
        assertTrue(e.getMessage().contains("BACKUP_MONITOR_SUSPICIOUS_DROP=2: not between 0 and 1"), e.getMessage());
        assertTrue(e.getMessage().contains("BACKUP_MONITOR_RPO=database=soon: not name=duration"), e.getMessage());
    }
}
