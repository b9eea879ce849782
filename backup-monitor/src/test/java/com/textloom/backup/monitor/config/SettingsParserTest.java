package com.textloom.backup.monitor.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsParserTest {

    @Test
    void readsTheGuidesRpoTable() {
        assertEquals(Map.of("database", Duration.ofHours(1), "redis", Duration.ofMinutes(15), "logs", Duration.ofSeconds(90)),
                SettingsParser.durations("BACKUP_MONITOR_RPO", "database=1h, redis=15m,logs=90"));
    }

    @Test
    void aBadValueNamesTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SettingsParser.durations("BACKUP_MONITOR_RPO", "database=soon"));
        assertTrue(e.getMessage().startsWith("BACKUP_MONITOR_RPO: 'soon'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SettingsParser.urls("BACKUP_MONITOR_SERVICES", "manager"));
        assertTrue(e.getMessage().startsWith("BACKUP_MONITOR_SERVICES"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SettingsParser.url("BACKUP_WEBHOOK_URL", "ftp://x/y"));
        assertTrue(e.getMessage().startsWith("BACKUP_WEBHOOK_URL"), e.getMessage());
    }

    @Test
    void aBareHostAndPortIsAnHttpUrlAsTheGuidesMinioEndpoint() {
        assertEquals("http://localhost:9000", SettingsParser.url("MINIO_ENDPOINT", "localhost:9000").toString());
    }
}
