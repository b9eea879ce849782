package com.textloom.backup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lookup the command line uses: the environment, then {@code .env.backup}, checked by the suite's rules. */
class SuiteEnvironmentTest {

    private static final java.util.List<Variable> RULES = new SuiteVariables().variables();

    @TempDir
    Path dir;

    @AfterEach
    void forgetTheProperty() {
        System.clearProperty(EnvFile.FILE_VARIABLE);
    }

    @Test
    void theFileIsUsedAndTheEnvironmentWins() throws Exception {
        write(dir.resolve(".env.backup"), """
                BACKUP_LOCAL_DIR=./backups            # from the file
                BACKUP_API_KEY=ops=file-key
                export MINIO_ENDPOINT=localhost:9000
                BACKUP_SLACK_CHANNEL="#alerts"
                """);
        SuiteEnvironment env =
                SuiteEnvironment.of(Map.of("BACKUP_API_KEY", "env-key", "BACKUP_SLACK_CHANNEL", ""), dir, RULES);

        assertEquals("./backups", env.get("BACKUP_LOCAL_DIR"), "from the file, its inline comment removed");
        assertEquals("localhost:9000", env.get("MINIO_ENDPOINT"), "export form");
        assertEquals("env-key", env.get("BACKUP_API_KEY"), "the environment wins over the file");
        assertEquals("", env.get("BACKUP_SLACK_CHANNEL"), "set empty in the environment: still the environment's");
        assertEquals("7", env.getOrDefault("BACKUP_DAILY_RETENTION_DAYS", "7"), "set nowhere: the default");
        assertNull(env.get("BACKUP_DAILY_RETENTION_DAYS"));
        assertEquals(SuiteEnvironment.ENVIRONMENT, env.sourceOf("BACKUP_API_KEY"));
        assertEquals(dir.resolve(".env.backup").toAbsolutePath().toString(), env.sourceOf("BACKUP_LOCAL_DIR"));
        assertNull(env.sourceOf("BACKUP_DAILY_RETENTION_DAYS"));
        assertTrue(env.containsKey("MINIO_ENDPOINT") && !env.containsKey("OBS_ENDPOINT"));
        assertEquals(
                Map.of(
                        "BACKUP_LOCAL_DIR",
                        "./backups",
                        "BACKUP_API_KEY",
                        "env-key",
                        "MINIO_ENDPOINT",
                        "localhost:9000",
                        "BACKUP_SLACK_CHANNEL",
                        ""),
                Map.copyOf(env));
    }

    @Test
    void backupEnvFileNamesAnotherFileRelativeToTheWorkingDirectory() throws Exception {
        Path other = Files.createDirectories(dir.resolve("etc")).resolve("backup.env");
        write(other, "BACKUP_LOCAL_DIR=/srv/backups\n");
        write(dir.resolve(".env.backup"), "BACKUP_LOCAL_DIR=/not/this/one\n");

        SuiteEnvironment env = SuiteEnvironment.of(Map.of(EnvFile.FILE_VARIABLE, "etc/backup.env"), dir, RULES);
        assertEquals(other.toAbsolutePath(), env.file());
        assertEquals("/srv/backups", env.get("BACKUP_LOCAL_DIR"));

        System.setProperty(EnvFile.FILE_VARIABLE, other.toString());
        assertEquals(
                "/srv/backups",
                SuiteEnvironment.of(Map.of(), dir, RULES).get("BACKUP_LOCAL_DIR"),
                "the system property, as for the services");
    }

    @Test
    void aMissingFileIsFine() {
        SuiteEnvironment env = SuiteEnvironment.of(Map.of("BACKUP_API_KEY", "k"), dir, RULES);
        assertFalse(Files.exists(env.file()));
        assertEquals("k", env.get("BACKUP_API_KEY"));
        assertNull(env.get("BACKUP_ENCRYPTION_KEY"));
        assertEquals(1, env.size());
    }

    @Test
    void aBadValueInTheFileIsNamedWithTheFileAndASecretIsNeverShown() throws Exception {
        Path file = dir.resolve(".env.backup");
        write(file, "BACKUP_DAILY_RETENTION_DAYS=abc\nBACKUP_API_KEY=bad name=s3cr3t-key\nBACKUP_LOCAL_DIR=/ok\n");
        SuiteEnvironment env = SuiteEnvironment.of(Map.of(), dir, RULES);

        IllegalArgumentException days =
                assertThrows(IllegalArgumentException.class, () -> env.get("BACKUP_DAILY_RETENTION_DAYS"));
        assertEquals(
                "BACKUP_DAILY_RETENTION_DAYS=abc: not a whole number (from " + file.toAbsolutePath() + ")",
                days.getMessage(),
                "the services' message");
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class, () -> env.get("BACKUP_API_KEY"));
        assertEquals(
                "BACKUP_API_KEY=<hidden>: key name 'bad name' is not letters, digits, . _ - @ (from "
                        + file.toAbsolutePath() + ")",
                key.getMessage());
        assertFalse(env.toString().contains("s3cr3t") || env.toString().contains("/ok"), env.toString());
        assertThrows(IllegalArgumentException.class, env::entrySet, "iterating hands out checked values only");
        assertEquals("/ok", env.get("BACKUP_LOCAL_DIR"), "the good ones are still readable");
        assertEquals(
                "1",
                SuiteEnvironment.of(Map.of("BACKUP_DAILY_RETENTION_DAYS", "1"), dir, RULES)
                        .get("BACKUP_DAILY_RETENTION_DAYS"),
                "a good value in the environment hides the bad one in the file");
    }

    @Test
    void aBadValueInTheEnvironmentIsNamedWithTheEnvironment() {
        SuiteEnvironment env = SuiteEnvironment.of(Map.of("BACKUP_ENCRYPTION_KEY", "short-s3cr3t"), dir, RULES);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> env.get("BACKUP_ENCRYPTION_KEY"));
        assertTrue(e.getMessage().startsWith("BACKUP_ENCRYPTION_KEY=<hidden>: not "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(from the environment)"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void aBrokenFileFailsTheFirstLookupNotTheConstruction() throws Exception {
        write(dir.resolve(".env.backup"), "BACKUP_LOCAL_DIR=/ok\nnot a setting\n");
        SuiteEnvironment env = SuiteEnvironment.of(Map.of("BACKUP_API_KEY", "k"), dir, RULES);
        assertEquals("k", env.get("BACKUP_API_KEY"), "the environment alone needs no file");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.get("BACKUP_LOCAL_DIR"));
        assertTrue(e.getMessage().endsWith(".env.backup:2: not NAME=value"), e.getMessage());
    }

    @Test
    void messagesOfCodeReadingTheMapNameTheFileTheVariableCameFrom() throws Exception {
        Path file = dir.resolve(".env.backup");
        write(file, "BACKUP_COMPRESSION_LEVEL=lots\nBACKUP_ENCRYPTION_KEY=\n");
        SuiteEnvironment env = SuiteEnvironment.of(Map.of("TZ", "Mars/Base"), dir, RULES);
        assertEquals("lots", env.get("BACKUP_COMPRESSION_LEVEL"), "no rule: handed out as it is");
        assertEquals(
                "BACKUP_COMPRESSION_LEVEL is not a number: 'lots' (from " + file.toAbsolutePath() + ")",
                env.withSource("BACKUP_COMPRESSION_LEVEL is not a number: 'lots'"));
        assertEquals("TZ is not a time zone", env.withSource("TZ is not a time zone"), "set in the environment");
        assertEquals("no key given", env.withSource("no key given"));
        assertEquals(
                "no key given: set BACKUP_ENCRYPTION_KEY",
                env.withSource("no key given: set BACKUP_ENCRYPTION_KEY"),
                "empty in the file means not set: the file is not the cause");
    }

    private static void write(Path file, String text) throws Exception {
        Files.writeString(file, text);
    }
}
