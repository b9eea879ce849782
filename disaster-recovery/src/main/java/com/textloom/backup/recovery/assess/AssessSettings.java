package com.textloom.backup.recovery.assess;

import com.textloom.backup.config.StorageEndpoint;
import com.textloom.backup.config.SuiteVariables;
import com.textloom.backup.config.VariableValues;
import com.textloom.backup.recovery.config.AssessConfig;
import com.textloom.backup.recovery.config.RecoverConfig;
import com.textloom.backup.support.config.BackupConfig;
import com.textloom.backup.support.config.ProtectedAppConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything one assessment needs, resolved from the configuration. Secrets (URLs with passwords, keys) are
 * held here and in {@link #storageEnvironment()} only: {@link #toString()} shows none of them.
 *
 * @param databaseUrl        DATABASE_URL, or null when not configured
 * @param redisUrl           REDIS_URL, or null when not configured
 * @param appHealthUrl       TEXTLOOM_APP_HEALTH_URL, or null: the application check is skipped
 * @param managerUrls        BACKUP_MANAGER_URL: the manager, or the managers of an HA pair, in the order given
 * @param checkTimeout       BACKUP_DR_CHECK_TIMEOUT: the longest one check may take
 * @param keyLossRatio       BACKUP_DR_KEY_LOSS_RATIO: a Redis db below this fraction of its recorded keys lost data
 * @param rpo                BACKUP_MONITOR_RPO: per backup component, the longest acceptable age of its newest good backup
 * @param repository         the backups' own repository: BACKUP_REPOSITORY, else BACKUP_LOCAL_DIR
 * @param remotes            the remote copies (BACKUP_REMOTES, else MinIO / OBS), as the manager derives them
 * @param storageEnvironment the variables the repository library reads (key, credentials), by their names
 */
public record AssessSettings(
        String databaseUrl,
        String redisUrl,
        URI appHealthUrl,
        List<URI> managerUrls,
        URI schedulerUrl,
        URI monitorUrl,
        Duration checkTimeout,
        double keyLossRatio,
        Map<String, Duration> rpo,
        String repository,
        List<String> remotes,
        Map<String, String> storageEnvironment) {

    public AssessSettings {
        managerUrls = List.copyOf(managerUrls);
        rpo = Map.copyOf(rpo);
        remotes = List.copyOf(remotes);
        storageEnvironment = Map.copyOf(storageEnvironment);
    }

    /** The stores' variables the repository library reads from {@link #storageEnvironment()}, as they are set. */
    private static final List<String> STORAGE_VARIABLES = List.of(
            "MINIO_ENDPOINT",
            "MINIO_ACCESS_KEY",
            "MINIO_SECRET_KEY",
            "MINIO_PREFIX",
            "MINIO_SECURE",
            "OBS_ENDPOINT",
            "OBS_ACCESS_KEY",
            "OBS_SECRET_KEY",
            "OBS_PREFIX",
            "OBS_PATH_STYLE",
            "OBS_SIGNATURE",
            "BACKUP_REMOTES");

    /**
     * Reads the settings.
     *
     * @param set the suite's variables as set (service-support's {@code SuiteLookup.of(config)}): the remote copies
     *            are read from them by suite-config's {@link StorageEndpoint}, as the manager reads them
     * @throws IllegalArgumentException naming the variable whose value is bad
     */
    public static AssessSettings from(
            AssessConfig assess,
            RecoverConfig shared,
            ProtectedAppConfig app,
            BackupConfig backup,
            Function<String, String> set) {
        Map<String, String> env = new HashMap<>();
        backup.encryptionKey().ifPresent(v -> env.put("BACKUP_ENCRYPTION_KEY", v));
        env.put("BACKUP_ENCRYPTION_ENABLED", Boolean.toString(backup.encryptionEnabled()));
        for (String name : STORAGE_VARIABLES) {
            String value = set.apply(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.put("MINIO_BUCKET", SuiteVariables.value("MINIO_BUCKET", set));
        env.put("OBS_BUCKET", SuiteVariables.value("OBS_BUCKET", set));
        double ratio = fraction("BACKUP_DR_KEY_LOSS_RATIO", assess.keyLossRatio());
        return new AssessSettings(
                app.databaseUrl().filter(s -> !s.isBlank()).orElse(null),
                app.redisUrl().filter(s -> !s.isBlank()).orElse(null),
                shared.appHealthUrl()
                        .filter(s -> !s.isBlank())
                        .map(u -> VariableValues.url("TEXTLOOM_APP_HEALTH_URL", u))
                        .orElse(null),
                VariableValues.urlList("BACKUP_MANAGER_URL", shared.managerUrl()),
                VariableValues.url("BACKUP_SCHEDULER_URL", assess.schedulerUrl()),
                VariableValues.url("BACKUP_MONITOR_URL", assess.monitorUrl()),
                positive("BACKUP_DR_CHECK_TIMEOUT", assess.checkTimeout()),
                ratio,
                VariableValues.durations("BACKUP_MONITOR_RPO", assess.rpo()),
                assess.repository()
                        .filter(s -> !s.isBlank())
                        .orElse(backup.localDir().toString()),
                StorageEndpoint.remoteRepositories(set),
                env);
    }

    /** BACKUP_DR_ASSESS_INTERVAL: how often the periodic assessment runs. */
    public static Duration interval(AssessConfig assess) {
        return positive("BACKUP_DR_ASSESS_INTERVAL", assess.interval());
    }

    private static double fraction(String variable, double d) {
        if (d > 0 && d <= 1) {
            return d;
        }
        throw new IllegalArgumentException(variable + "=" + d + ": not a fraction above 0 and at most 1 (e.g. 0.5)");
    }

    static Duration positive(String variable, Duration d) {
        if (d.isZero()) {
            throw new IllegalArgumentException(variable + ": must be more than 0");
        }
        return d;
    }

    public AssessSettings withDatabaseUrl(String url) {
        return new AssessSettings(
                url,
                redisUrl,
                appHealthUrl,
                managerUrls,
                schedulerUrl,
                monitorUrl,
                checkTimeout,
                keyLossRatio,
                rpo,
                repository,
                remotes,
                storageEnvironment);
    }

    public AssessSettings withRedisUrl(String url) {
        return new AssessSettings(
                databaseUrl,
                url,
                appHealthUrl,
                managerUrls,
                schedulerUrl,
                monitorUrl,
                checkTimeout,
                keyLossRatio,
                rpo,
                repository,
                remotes,
                storageEnvironment);
    }

    public AssessSettings withAppHealthUrl(URI url) {
        return new AssessSettings(
                databaseUrl,
                redisUrl,
                url,
                managerUrls,
                schedulerUrl,
                monitorUrl,
                checkTimeout,
                keyLossRatio,
                rpo,
                repository,
                remotes,
                storageEnvironment);
    }

    public AssessSettings withRepository(String uri) {
        return new AssessSettings(
                databaseUrl,
                redisUrl,
                appHealthUrl,
                managerUrls,
                schedulerUrl,
                monitorUrl,
                checkTimeout,
                keyLossRatio,
                rpo,
                uri,
                remotes,
                storageEnvironment);
    }

    public AssessSettings withRpo(Map<String, Duration> targets) {
        return new AssessSettings(
                databaseUrl,
                redisUrl,
                appHealthUrl,
                managerUrls,
                schedulerUrl,
                monitorUrl,
                checkTimeout,
                keyLossRatio,
                targets,
                repository,
                remotes,
                storageEnvironment);
    }

    public AssessSettings withCheckTimeout(Duration timeout) {
        return new AssessSettings(
                databaseUrl,
                redisUrl,
                appHealthUrl,
                managerUrls,
                schedulerUrl,
                monitorUrl,
                timeout,
                keyLossRatio,
                rpo,
                repository,
                remotes,
                storageEnvironment);
    }

    @Override
    public String toString() {
        return "AssessSettings[database=" + (databaseUrl != null) + ", redis=" + (redisUrl != null) + ", app="
                + (appHealthUrl != null) + ", manager="
                + managerUrls.stream().map(SafeUrl::describe).toList() + ", timeout=" + checkTimeout + ", rpo=" + rpo
                + ", remotes=" + remotes.size() + "]";
    }
}
