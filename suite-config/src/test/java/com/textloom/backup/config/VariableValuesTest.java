package com.textloom.backup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VariableValuesTest {

    @Test
    void readsTheGuidesRpoTable() {
        assertEquals(
                Map.of(
                        "database",
                        Duration.ofHours(1),
                        "redis",
                        Duration.ofMinutes(15),
                        "logs",
                        Duration.ofSeconds(90)),
                VariableValues.durations("BACKUP_MONITOR_RPO", "database=1h, redis=15m,logs=90"));
    }

    @Test
    void aBadValueNamesTheVariable() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> VariableValues.durations("BACKUP_MONITOR_RPO", "database=soon"));
        assertTrue(e.getMessage().startsWith("BACKUP_MONITOR_RPO: 'soon'"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> VariableValues.urls("BACKUP_MONITOR_SERVICES", "manager"));
        assertTrue(e.getMessage().startsWith("BACKUP_MONITOR_SERVICES"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> VariableValues.url("BACKUP_WEBHOOK_URL", "ftp://x/y"));
        assertTrue(e.getMessage().startsWith("BACKUP_WEBHOOK_URL"), e.getMessage());
    }

    @Test
    void readsEveryDurationFormTheRuleAccepts() {
        assertEquals(Duration.ofSeconds(600), VariableValues.duration("BACKUP_MONITOR_INTERVAL", "600"));
        assertEquals(Duration.ofMinutes(10), VariableValues.duration("BACKUP_MONITOR_INTERVAL", "10M"));
        assertEquals(Duration.ofMinutes(10), VariableValues.duration("BACKUP_MONITOR_INTERVAL", "PT10M"));
        assertEquals(Duration.ofMillis(500), VariableValues.duration("BACKUP_ALERT_TIMEOUT", "500ms"));
        assertEquals(Duration.ofDays(2), VariableValues.duration("BACKUP_ALERT_RENOTIFY_INTERVAL", "2d"));
        for (String bad : new String[] {"PTH", "1.5h", "soon", "10 minutes", "-5s", "PT-5M"}) {
            assertTrue(VariableRule.SECONDS_OR_DURATION.problem(bad).isPresent(), bad);
            assertThrows(IllegalArgumentException.class, () -> VariableValues.duration("X", bad), bad);
        }
    }

    @Test
    void aBareHostAndPortIsAnHttpUrlAsTheGuidesMinioEndpoint() {
        assertEquals(
                "http://localhost:9000",
                VariableValues.url("MINIO_ENDPOINT", "localhost:9000").toString());
    }

    @Test
    void pathListsAreCommaSeparatedAsTheRuleSays() {
        assertEquals(
                java.util.List.of(java.nio.file.Path.of("/tmp"), java.nio.file.Path.of("./restore")),
                VariableValues.paths("BACKUP_RESTORE_ROOTS", "/tmp, ./restore,"));
        assertEquals(
                java.util.List.of(java.nio.file.Path.of("/srv/a:b")),
                VariableValues.paths("BACKUP_RESTORE_ROOTS", "/srv/a:b"),
                "a colon is part of a path");
    }

    @Test
    void anHaPairOfManagersIsACommaSeparatedUrlListInOrder() {
        assertEquals(
                java.util.List.of(java.net.URI.create("http://a:8080"), java.net.URI.create("http://b:8080")),
                VariableValues.urlList("BACKUP_MANAGER_URL", "http://a:8080, http://b:8080,"));
        assertEquals(
                java.util.List.of(java.net.URI.create("http://localhost:8080")),
                VariableValues.urlList("BACKUP_MANAGER_URL", "http://localhost:8080"));
        assertTrue(VariableRule.HTTP_URL_LIST
                .problem("http://a:8080,http://b:8080")
                .isEmpty());
        assertEquals(java.util.Optional.of("not an http(s) URL"), VariableRule.HTTP_URL_LIST.problem("localhost:8080"));
        assertEquals(
                java.util.Optional.of("'ftp://b' is not an http(s) URL (comma-separated http(s) URLs expected)"),
                VariableRule.HTTP_URL_LIST.problem("http://a:8080,ftp://b"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> VariableValues.urlList("BACKUP_MANAGER_URL", " , "));
        assertTrue(e.getMessage().startsWith("BACKUP_MANAGER_URL"), e.getMessage());
    }

    @Test
    void aPlainListIsItsCommaSeparatedItemsInOrder() {
        assertEquals(java.util.List.of("database", "redis"), VariableValues.list(" database, ,redis ,"));
        assertEquals(java.util.List.of(), VariableValues.list(""));
        assertEquals(
                java.util.List.of("s3:http://a:9000/b", "/mnt/copy"),
                SuiteVariables.list(
                        "BACKUP_REMOTES", java.util.Map.of("BACKUP_REMOTES", "s3:http://a:9000/b, /mnt/copy")::get));
    }
}
