package com.textloom.backup.support.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.config.StorageEndpoint;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration layer as the services build it (SmallRye Config with the environment, the
 * {@code .env.backup} provider, the variable check and the typed mappings), without booting a service.
 */
class ConfigurationTest {

    @TempDir
    Path dir;

    @AfterEach
    void forgetTheFile() {
        System.clearProperty(EnvFileConfigSourceProvider.FILE_VARIABLE);
    }

    @Test
    void dotEnvBackupIsReadAndTheEnvironmentOverridesIt() throws Exception {
        envFile("""
                BACKUP_DAILY_RETENTION_DAYS=9
                BACKUP_WEEKLY_RETENTION_WEEKS=5
                MINIO_ENDPOINT=localhost:9000
                """);
        SmallRyeConfig config = build(Map.of("BACKUP_WEEKLY_RETENTION_WEEKS", "6"));
        BackupConfig backup = config.getConfigMapping(BackupConfig.class);

        assertEquals(9, backup.dailyRetentionDays(), "from .env.backup");
        assertEquals(6, backup.weeklyRetentionWeeks(), "the environment wins over .env.backup");
        assertEquals(12, backup.monthlyRetentionMonths(), "the default when neither sets it");
        assertEquals("localhost:9000", SuiteLookup.of(config).apply("MINIO_ENDPOINT"), "from .env.backup");
        assertEquals(
                "s3:http://localhost:9000/textloom-backups",
                SuiteLookup.stores(config).get(0).repositoryUri(),
                "the catalogue's bucket");
    }

    @Test
    void withoutAFileTheDefaultsApply() {
        System.setProperty(
                EnvFileConfigSourceProvider.FILE_VARIABLE, dir.resolve("absent").toString());
        BackupConfig backup = build(Map.of()).getConfigMapping(BackupConfig.class);
        assertEquals(7, backup.dailyRetentionDays());
        assertEquals(List.of(Path.of("./restore")), backup.restoreRoots(), "the default root is private, not /tmp");
        assertEquals(BackupConfig.Mode.ACTIVE, backup.mode());
        assertTrue(backup.apiKey().isEmpty());
    }

    @Test
    void theProtectedApplicationIsReadFromItsOwnVariables() throws Exception {
        envFile(
                "DATABASE_URL=postgresql://postgres@127.0.0.1:5432/textloom\nTEXTLOOM_WORKSPACE_DIR=/srv/textloom/workspace\n");
        ProtectedAppConfig app =
                build(Map.of("REDIS_URL", "redis://127.0.0.1:6379/0")).getConfigMapping(ProtectedAppConfig.class);
        assertEquals(
                "postgresql://postgres@127.0.0.1:5432/textloom",
                app.databaseUrl().orElseThrow());
        assertEquals("redis://127.0.0.1:6379/0", app.redisUrl().orElseThrow());
        assertEquals(Path.of("/srv/textloom/workspace"), app.workspaceDir().orElseThrow());
        assertEquals(
                Path.of("./logs"), app.logDir().orElseThrow(), "the catalogue's default, the manager's since ever");
    }

    @Test
    void aBadNumberStopsStartUpNamingTheVariable() throws Exception {
        envFile("BACKUP_DAILY_RETENTION_DAYS=abc\n");
        ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> build(Map.of()));
        assertTrue(e.getMessage().contains("BACKUP_DAILY_RETENTION_DAYS=abc: not a whole number"), e.getMessage());
        assertTrue(e.getMessage().contains(".env.backup"), "names the file: " + e.getMessage());
    }

    @Test
    void aNegativeRetentionStopsStartUpNamingTheVariable() {
        ConfigValidationException e = assertThrows(
                ConfigValidationException.class, () -> build(Map.of("BACKUP_MONTHLY_RETENTION_MONTHS", "-3")));
        assertTrue(e.getMessage().contains("BACKUP_MONTHLY_RETENTION_MONTHS=-3: must not be negative"), e.getMessage());
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        ConfigValidationException e = assertThrows(
                ConfigValidationException.class,
                () -> build(Map.of(
                        "BACKUP_DAILY_RETENTION_DAYS", "1.5",
                        "BACKUP_MODE", "sometimes",
                        "BACKUP_WEEKLY_RETENTION_WEEKS", "many")));
        assertTrue(e.getMessage().contains("BACKUP_DAILY_RETENTION_DAYS=1.5: not a whole number"), e.getMessage());
        assertTrue(e.getMessage().contains("BACKUP_MODE=sometimes: not active or standby"), e.getMessage());
        assertTrue(e.getMessage().contains("BACKUP_WEEKLY_RETENTION_WEEKS=many: not a whole number"), e.getMessage());
        // variables no mapping reads (the stores are read from a lookup) are checked at start-up, all together
        SmallRyeConfig unmapped = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new EnvConfigSource(
                        Map.of("MINIO_ENDPOINT", "ftp://files", "BACKUP_OPERATIONS_KEEP", "5"), 300))
                .withSources(VariableDefaults.source(VariableCheck.loadCatalogs()))
                .withInterceptors(new VariableCheck())
                .build();
        IllegalStateException atStart =
                assertThrows(IllegalStateException.class, () -> new StartupVariableCheck().onStart(null, unmapped));
        assertTrue(
                atStart.getMessage().contains("MINIO_ENDPOINT=ftp://files: not host[:port] or an http(s) URL"),
                atStart.getMessage());
        assertTrue(
                atStart.getMessage().contains("BACKUP_OPERATIONS_KEEP=5: must be within 10..1000000"),
                atStart.getMessage());
    }

    @Test
    void aBadSecretIsNamedButNeverShown() {
        ConfigValidationException e = assertThrows(
                ConfigValidationException.class, () -> build(Map.of("BACKUP_ENCRYPTION_KEY", "not-a-real-key-s3cr3t")));
        assertTrue(e.getMessage().contains("BACKUP_ENCRYPTION_KEY=<hidden>: "), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void aBadUrlIsNamedAndHiddenSinceItMayCarryAPassword() {
        ConfigValidationException e = assertThrows(
                ConfigValidationException.class, () -> build(Map.of("DATABASE_URL", "mysql://root:pw@db/textloom")));
        assertTrue(e.getMessage().contains("DATABASE_URL=<hidden>: not a postgresql://"), e.getMessage());
        assertFalse(e.getMessage().contains("root:pw"), e.getMessage());
    }

    @Test
    void aBadValueReadOutsideAnyMappingIsNamedToo() {
        SmallRyeConfig config = build(Map.of("BACKUP_SMTP_PORT", "99999"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> config.getConfigValue("BACKUP_SMTP_PORT"));
        assertTrue(e.getMessage().startsWith("BACKUP_SMTP_PORT=99999: must be at most 65535"), e.getMessage());
    }

    @Test
    void aVariableNamedInAnExpressionIsCheckedWhenTheExpressionIsExpanded() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new EnvConfigSource(Map.of("KAFKA_BOOTSTRAP_SERVERS", "no port here"), 300))
                .withSources(new io.smallrye.config.PropertiesConfigSource(
                        Map.of("kafka.servers", "${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}"),
                        "application.properties",
                        250))
                .withInterceptors(new VariableCheck())
                .build();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> config.getValue("kafka.servers", String.class));
        assertTrue(e.getMessage().contains("KAFKA_BOOTSTRAP_SERVERS=no port here: not host:port"), e.getMessage());
    }

    @Test
    void theChecksReadTheProviderFileNamedByBackupEnvFile() throws Exception {
        Path file = envFile("BACKUP_LOCAL_DIR=/data/backups\n");
        List<ConfigSource> sources = StreamSupport.stream(
                        new EnvFileConfigSourceProvider()
                                .getConfigSources(getClass().getClassLoader())
                                .spliterator(),
                        false)
                .toList();
        assertEquals(1, sources.size());
        assertEquals(EnvFileConfigSourceProvider.ORDINAL, sources.get(0).getOrdinal());
        assertEquals(
                "/data/backups", sources.get(0).getValue("backup.local-dir"), "looked up like an environment variable");
    }

    @Test
    void defaultsComeFromTheCatalogueWithoutWithDefault() {
        System.setProperty(
                EnvFileConfigSourceProvider.FILE_VARIABLE, dir.resolve("absent").toString());
        SmallRyeConfig config = build(Map.of());
        assertEquals("textloom-backups", config.getValue("OBS_BUCKET", String.class));
        assertEquals("negotiate", config.getValue("obs.signature", String.class));
        assertFalse(config.getValue("MINIO_SECURE", Boolean.class));
        assertEquals(
                "database=1h,redis=15m,workspace=2h,logs=4h",
                config.getValue("BACKUP_MONITOR_RPO", String.class),
                "every catalogued variable, also one no mapping here reads");
        assertEquals(
                "30", config.getValue("backup.operations-keep-days", String.class), "looked up like the environment");
        assertEquals(List.of(), SuiteLookup.stores(config), "MINIO_ENDPOINT and OBS_ENDPOINT have no default");
        assertNull(SuiteLookup.of(config).apply("OBS_BUCKET"), "the lookup holds what is set, not the defaults");
    }

    @Test
    void whatIsSetWinsOverTheCatalogueDefaultAndApplicationProperties() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new EnvConfigSource(Map.of("BACKUP_MONITOR_INTERVAL", "60"), 300))
                .withSources(new io.smallrye.config.PropertiesConfigSource(
                        Map.of("backup.keep-last", "2"), "application.properties", 250))
                .withSources(VariableDefaults.source(VariableCheck.loadCatalogs()))
                .withInterceptors(new VariableCheck())
                .build();
        assertEquals("60", config.getValue("BACKUP_MONITOR_INTERVAL", String.class));
        assertEquals("2", config.getValue("backup.keep-last", String.class));
        assertTrue(VariableDefaults.isDefault(config.getConfigValue("BACKUP_SMTP_PORT")));
        assertFalse(VariableDefaults.isDefault(config.getConfigValue("BACKUP_MONITOR_INTERVAL")));
    }

    /**
     * Drift fixed: MINIO_SECURE was honoured by the manager's remotes but not by the monitor's storage probe. Now every
     * service reads the stores one way, suite-config's StorageEndpoint over the configuration ({@link SuiteLookup}).
     */
    @Test
    void minioSecureMakesTheStoreHttpsForEveryReader() throws Exception {
        envFile("MINIO_PREFIX=/team/\n");
        StorageEndpoint minio = SuiteLookup.stores(
                        build(Map.of("MINIO_ENDPOINT", "minio:9000", "MINIO_SECURE", "true")))
                .get(0);
        assertEquals("https://minio:9000", minio.url().toString());
        assertEquals(
                "s3:https://minio:9000/textloom-backups/team",
                minio.repositoryUri(),
                "the file's prefix, the default bucket");
        List<StorageEndpoint> both = SuiteLookup.stores(build(
                Map.of("MINIO_ENDPOINT", "minio:9000", "OBS_ENDPOINT", "obs.example.com", "OBS_SIGNATURE", "v2")));
        assertEquals(
                "obs:https://obs.example.com/textloom-backups?signature=v2",
                both.get(1).repositoryUri());
        assertEquals("s3:http://minio:9000/textloom-backups/team", both.get(0).repositoryUri());
    }

    /** Drift fixed: BACKUP_RESTORE_ROOTS is comma-separated for every reader (the manager also split on colons). */
    @Test
    void restoreRootsAreReadByTheOneReaderTheManagerUses() {
        assertEquals(
                List.of(Path.of("/srv/a:b"), Path.of("/tmp")),
                build(Map.of("BACKUP_RESTORE_ROOTS", "/srv/a:b, /tmp"))
                        .getConfigMapping(BackupConfig.class)
                        .restoreRoots());
        assertEquals(
                com.textloom.backup.config.VariableValues.paths("BACKUP_RESTORE_ROOTS", "./restore"),
                build(Map.of()).getConfigMapping(BackupConfig.class).restoreRoots());
    }

    @Test
    void aNameOfTheSuitesFormInNoCatalogueIsReportedWithTheNameMeant() throws Exception {
        envFile("MINIO_SECUR=true\nBACKUP_LOCAL_DIR=/data\n");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new EnvConfigSource(
                        Map.of(
                                "BACKUP_DAILY_RETENTON_DAYS",
                                "9",
                                "TEXTLOOM_STATUS_COMMON_RESOURCE_ENABLED",
                                "true",
                                "HOME",
                                "/root"),
                        300))
                .withSources(StreamSupport.stream(
                                new EnvFileConfigSourceProvider()
                                        .getConfigSources(getClass().getClassLoader())
                                        .spliterator(),
                                false)
                        .toList())
                .withSources(new io.smallrye.config.PropertiesConfigSource(
                        Map.of("textloom.status.common-resource.enabled", "false"), "application.properties", 250))
                .withSources(VariableDefaults.source(VariableCheck.loadCatalogs()))
                .withInterceptors(new VariableCheck())
                .build();
        assertEquals(
                List.of(
                        "BACKUP_DAILY_RETENTON_DAYS (set in the environment) is not a variable of the suite and is ignored; did you mean"
                                + " BACKUP_DAILY_RETENTION_DAYS?",
                        "MINIO_SECUR (set in " + dir.resolve(".env.backup")
                                + ") is not a variable of the suite and is ignored; did you" + " mean MINIO_SECURE?"),
                StartupVariableCheck.unknownVariables(config, VariableCheck.loadCatalogs()));
    }

    private Path envFile(String text) throws Exception {
        Path file = dir.resolve(".env.backup");
        Files.writeString(file, text);
        System.setProperty(EnvFileConfigSourceProvider.FILE_VARIABLE, file.toString());
        return file;
    }

    private SmallRyeConfig build(Map<String, String> environment) {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new EnvConfigSource(environment, 300))
                .withSources(StreamSupport.stream(
                                new EnvFileConfigSourceProvider()
                                        .getConfigSources(getClass().getClassLoader())
                                        .spliterator(),
                                false)
                        .toList())
                .withSources(VariableDefaults.source(VariableCheck.loadCatalogs()))
                .withInterceptors(new VariableCheck())
                .withMapping(BackupConfig.class)
                .withMapping(ProtectedAppConfig.class)
                .build();
    }
}
