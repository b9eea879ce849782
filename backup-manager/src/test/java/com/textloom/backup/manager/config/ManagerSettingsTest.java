package com.textloom.backup.manager.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagerSettingsTest {

    @Test
    void theGuidesMinioAndObsVariablesBecomeTheRemotesWithPrefixSchemeAndObsOptions() {
        ManagerSettings s = ManagerSettings.read(Map.of(
                "MINIO_ENDPOINT",
                "minio:9000",
                "MINIO_BUCKET",
                "textloom-backups",
                "MINIO_PREFIX",
                "/textloom/",
                "MINIO_SECURE",
                "true",
                "OBS_ENDPOINT",
                "obs.cn-north-4.myhuaweicloud.com",
                "OBS_BUCKET",
                "tb",
                "OBS_PATH_STYLE",
                "true",
                "OBS_SIGNATURE",
                "v2")::get);
        assertEquals(
                List.of(
                        "s3:https://minio:9000/textloom-backups/textloom",
                        "obs:https://obs.cn-north-4.myhuaweicloud.com/tb?path-style=true&signature=v2"),
                s.remotes());
        assertEquals(
                List.of("s3:http://127.0.0.1:9000/b"),
                ManagerSettings.read(Map.of("MINIO_ENDPOINT", "http://127.0.0.1:9000/", "MINIO_BUCKET", "b")::get)
                        .remotes());
        assertEquals(
                List.of("local:/srv/copy", "s3:http://x:9000/b"),
                ManagerSettings.read(Map.of(
                                "BACKUP_REMOTES",
                                "local:/srv/copy, s3:http://x:9000/b",
                                "MINIO_ENDPOINT",
                                "ignored:9000",
                                "MINIO_BUCKET",
                                "b")::get)
                        .remotes());
    }

    @Test
    void theStateDirectoryIsBesideALocalRepositoryUnlessSet() {
        assertEquals(
                Path.of("/srv/backups-manager-state"),
                ManagerSettings.read(Map.of("BACKUP_LOCAL_DIR", "/srv/backups/")::get)
                        .stateDir());
        assertEquals(
                Path.of("/srv/repo-manager-state"),
                ManagerSettings.read(Map.of("BACKUP_REPOSITORY", "local:/srv/repo")::get)
                        .stateDir());
        assertEquals(
                Path.of("backup-manager-state").toAbsolutePath(),
                ManagerSettings.read(Map.of("BACKUP_REPOSITORY", "s3:http://minio:9000/b")::get)
                        .stateDir());
        assertEquals(
                Path.of("/var/lib/textloom"),
                ManagerSettings.read(Map.of("BACKUP_STATE_DIR", "/var/lib/textloom", "BACKUP_LOCAL_DIR", "/srv/b")::get)
                        .stateDir());
    }

    @Test
    void requestAgeAndOperationBoundsHaveDefaultsAndBadValuesNameTheVariable() {
        ManagerSettings d = ManagerSettings.read(Map.<String, String>of()::get);
        assertEquals(Duration.ofHours(1), d.requestMaxAge());
        assertEquals(1000, d.operationsKeep());
        assertEquals(Duration.ofDays(30), d.operationsMaxAge());
        assertEquals(
                Duration.ofMinutes(90),
                ManagerSettings.read(Map.of("BACKUP_REQUEST_MAX_AGE", "90m")::get)
                        .requestMaxAge());
        assertEquals(
                Duration.ofSeconds(600),
                ManagerSettings.read(Map.of("BACKUP_REQUEST_MAX_AGE", "600")::get)
                        .requestMaxAge());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ManagerSettings.read(Map.of("BACKUP_REQUEST_MAX_AGE", "soon")::get));
        assertTrue(e.getMessage().startsWith("BACKUP_REQUEST_MAX_AGE"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> ManagerSettings.read(Map.of("BACKUP_OPERATIONS_KEEP", "0")::get));
        // the bounds are the catalogue entry's, so the message is the one every service's start-up check gives
        assertEquals("BACKUP_OPERATIONS_KEEP=0: must be within 10..1000000", e.getMessage());
    }

    /**
     * Drift fixed: the manager split BACKUP_RESTORE_ROOTS on commas and colons (default {@code /tmp:./restore}), the
     * rule, the example and service-support's BackupConfig on commas only. Now one reader: commas.
     */
    @Test
    void restoreRootsAreCommaSeparatedAsEverywhereElseWithTheCataloguesDefault() {
        assertEquals(
                List.of(Path.of("/srv/restore:old"), Path.of("/tmp/r")),
                ManagerSettings.read(Map.of("BACKUP_RESTORE_ROOTS", "/srv/restore:old, /tmp/r")::get)
                        .restoreRoots());
        assertEquals(
                List.of(Path.of("restore").toAbsolutePath()),
                ManagerSettings.read(Map.<String, String>of()::get).restoreRoots());
    }

    @Test
    void defaultsAreTheCataloguesAndOnlySetValuesAreHandedToTheRepositoryLibrary() {
        ManagerSettings d = ManagerSettings.read(Map.of("BACKUP_PARALLEL_JOBS", "3")::get);
        assertEquals(Path.of("./workspace"), d.workspaceDir());
        assertEquals(Path.of("./logs"), d.logDir());
        assertEquals("./backups", d.repositoryUri());
        assertEquals("default", d.repositoryName());
        assertEquals(3, d.parallelJobs());
        assertEquals(Map.of("BACKUP_PARALLEL_JOBS", "3"), d.environment());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ManagerSettings.read(Map.of("BACKUP_PARALLEL_JOBS", "two")::get));
        assertTrue(e.getMessage().startsWith("BACKUP_PARALLEL_JOBS=two: not a whole number"), e.getMessage());
    }
}
