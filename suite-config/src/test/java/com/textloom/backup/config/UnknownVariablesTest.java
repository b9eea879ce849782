package com.textloom.backup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnknownVariablesTest {

    private static final Set<String> KNOWN = UnknownVariables.knownNames(new SuiteVariables().variables());

    @Test
    void aTypoOfTheSuitesFormIsFoundWithTheNameItProbablyMeant() {
        assertEquals(
                List.of(
                        new UnknownVariables.Unknown("BACKUP_DAILY_RETENTON_DAYS", "BACKUP_DAILY_RETENTION_DAYS"),
                        new UnknownVariables.Unknown("MINIO_SECUR", "MINIO_SECURE"),
                        new UnknownVariables.Unknown("OBS_BUCKETS", "OBS_BUCKET"),
                        new UnknownVariables.Unknown("TEXTLOOM_WORKSPACE", "TEXTLOOM_WORKSPACE_DIR")),
                UnknownVariables.find(
                        List.of("OBS_BUCKETS", "BACKUP_DAILY_RETENTON_DAYS", "MINIO_SECUR", "TEXTLOOM_WORKSPACE"),
                        KNOWN));
    }

    @Test
    void knownNamesOtherPrefixesAndEnvironmentOnlyNamesAreNotReported() {
        assertEquals(
                List.of(),
                UnknownVariables.find(
                        List.of(
                                "BACKUP_DAILY_RETENTION_DAYS",
                                "PATH",
                                "HOME",
                                "KAFKA_HEAP_OPTS",
                                "backup.daily-retention-days",
                                "BACKUP_ENV_FILE",
                                "TEXTLOOM_BACKUP_HEAP"),
                        KNOWN));
    }

    @Test
    void theMessageNamesBothAndShowsNoValue() {
        assertEquals(
                "MINIO_SECUR (set in the environment) is not a variable of the suite and is ignored; did you mean"
                        + " MINIO_SECURE?",
                new UnknownVariables.Unknown("MINIO_SECUR", "MINIO_SECURE").message("the environment"));
    }
}
