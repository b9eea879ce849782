package com.textloom.backup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CliVariablesTest {

    @Test
    void minioAndObsNameTheStoresAsTheManagerReadsThem() {
        assertEquals(
                "s3:https://minio:9000/textloom-backups",
                CliVariables.repositoryUri("minio", Map.of("MINIO_ENDPOINT", "minio:9000", "MINIO_SECURE", "true")));
        assertEquals(
                "obs:https://obs.example.com/b/p?path-style=true",
                CliVariables.repositoryUri(
                        " OBS ",
                        Map.of(
                                "OBS_ENDPOINT",
                                "obs.example.com",
                                "OBS_BUCKET",
                                "b",
                                "OBS_PREFIX",
                                "p",
                                "OBS_PATH_STYLE",
                                "true")));
        assertEquals("./minio", CliVariables.repositoryUri("./minio", Map.of()), "a path stays a path");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> CliVariables.repositoryUri("minio", Map.of()));
        assertTrue(e.getMessage().contains("MINIO_ENDPOINT is not set"), e.getMessage());
    }

    @Test
    void theKeyMayBeAPassphraseEverythingElseIsTheServicesRule() {
        assertTrue(CliVariables.ALL.stream()
                .anyMatch(v -> v.name().equals("BACKUP_ENCRYPTION_KEY")
                        && v.rule() == com.textloom.backup.config.VariableRule.TEXT
                        && v.secret()));
        assertTrue(CliVariables.ALL.stream().anyMatch(v -> v.name().equals("BACKUP_MANAGER_URL")));
    }
}
