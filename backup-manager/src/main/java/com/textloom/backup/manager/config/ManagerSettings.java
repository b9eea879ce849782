package com.textloom.backup.manager.config;

import com.textloom.backup.config.StorageEndpoint;
import com.textloom.backup.config.SuiteVariables;
import com.textloom.backup.config.VariableValues;
import com.textloom.backup.manager.source.ToolLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The manager's configuration, from the suite's variables (environment, {@code .env.backup}, application
 * properties of the same names), with the defaults, rules and readers of suite-config's catalogue. Secrets are kept here and in {@link #environment()}
 * only; {@link #toString()} shows none of them.
 *
 * @param stateDir          the manager's own state ({@code BACKUP_STATE_DIR}; default: beside a local repository,
 *                          {@code <repository>-manager-state}, else {@code ./backup-manager-state}); holds the
 *                          operations
 * @param operationsKeep    how many finished operations are kept ({@code BACKUP_OPERATIONS_KEEP}, default 1000)
 * @param operationsMaxAge  how long a finished operation is kept ({@code BACKUP_OPERATIONS_KEEP_DAYS}, default 30)
 * @param requestMaxAge     a restore, verify or retention request older than this when the manager takes it
 *                          is not run ({@code BACKUP_REQUEST_MAX_AGE}, default 1h)
 * @param redisRestoreHosts the Redis servers a restore may write to that is not in place
 *                          ({@code BACKUP_RESTORE_REDIS_HOSTS}: {@code host} or {@code host:port}, comma-separated;
 *                          empty = only the server of {@code REDIS_URL})
 * @param toolLimits        how long a tool (pg_dump ...) may run and wait for a table lock ({@code BACKUP_TOOL_TIMEOUT},
 *                          default 6h)
 * @param environment       every variable read, for the repository library's {@code fromEnvironment}
 */
public record ManagerSettings(
        String databaseUrl,
        String redisUrl,
        Path workspaceDir,
        Path logDir,
        String repositoryUri,
        String repositoryName,
        String apiKey,
        List<Path> restoreRoots,
        int parallelJobs,
        List<String> remotes,
        Path stateDir,
        int operationsKeep,
        Duration operationsMaxAge,
        Duration requestMaxAge,
        List<String> redisRestoreHosts,
        ToolLimits toolLimits,
        Map<String, String> environment) {

    /** Every variable the manager reads. */
    public static final List<String> VARIABLES = List.of(
            "DATABASE_URL",
            "REDIS_URL",
            "TEXTLOOM_WORKSPACE_DIR",
            "TEXTLOOM_LOG_DIR",
            "BACKUP_LOCAL_DIR",
            "BACKUP_REPOSITORY",
            "BACKUP_SCHEDULE_REPOSITORY",
            "BACKUP_API_KEY",
            "BACKUP_RESTORE_ROOTS",
            "BACKUP_PARALLEL_JOBS",
            "BACKUP_ENCRYPTION_KEY",
            "BACKUP_ENCRYPTION_ENABLED",
            "BACKUP_COMPRESSION_ENABLED",
            "BACKUP_COMPRESSION_LEVEL",
            "BACKUP_CHUNK_SIZE",
            "BACKUP_DAILY_RETENTION_DAYS",
            "BACKUP_WEEKLY_RETENTION_WEEKS",
            "BACKUP_MONTHLY_RETENTION_MONTHS",
            "BACKUP_KEEP_LAST",
            "BACKUP_RETENTION_TIMEZONE",
            "BACKUP_REMOTES",
            "MINIO_ENDPOINT",
            "MINIO_ACCESS_KEY",
            "MINIO_SECRET_KEY",
            "MINIO_BUCKET",
            "MINIO_PREFIX",
            "MINIO_SECURE",
            "OBS_ENDPOINT",
            "OBS_ACCESS_KEY",
            "OBS_SECRET_KEY",
            "OBS_BUCKET",
            "OBS_PREFIX",
            "OBS_PATH_STYLE",
            "OBS_SIGNATURE",
            "BACKUP_STATE_DIR",
            "BACKUP_OPERATIONS_KEEP",
            "BACKUP_OPERATIONS_KEEP_DAYS",
            "BACKUP_REQUEST_MAX_AGE",
            "BACKUP_RESTORE_REDIS_HOSTS",
            "BACKUP_TOOL_TIMEOUT",
            "HOSTNAME");

    /**
     * Reads the settings: each variable's value from {@code lookup}, else its default from suite-config's catalogue
     * ({@link SuiteVariables}), read by suite-config's readers ({@link VariableValues}, {@link StorageEndpoint}) as
     * every other reader of the suite reads it. A bad value throws an {@link IllegalArgumentException} naming the
     * variable.
     *
     * @param lookup a variable's value as set, or null when it is not set; {@link #environment()} holds exactly the
     *               set values (the repository library applies its own defaults to what is not set)
     */
    public static ManagerSettings read(Function<String, String> lookup) {
        Map<String, String> env = new HashMap<>();
        for (String v : VARIABLES) {
            String value = lookup.apply(v);
            if (value != null && !value.isBlank()) {
                env.put(v, value.trim());
            }
        }
        Function<String, String> set = env::get;
        String repo = SuiteVariables.value("BACKUP_REPOSITORY", set);
        if (repo.isEmpty()) {
            repo = SuiteVariables.value("BACKUP_LOCAL_DIR", set);
        }
        List<Path> roots =
                VariableValues.paths("BACKUP_RESTORE_ROOTS", SuiteVariables.value("BACKUP_RESTORE_ROOTS", set)).stream()
                        .map(p -> p.toAbsolutePath().normalize())
                        .toList();
        Duration requestMaxAge =
                VariableValues.duration("BACKUP_REQUEST_MAX_AGE", SuiteVariables.value("BACKUP_REQUEST_MAX_AGE", set));
        if (requestMaxAge.isZero()) {
            throw new IllegalArgumentException(
                    "BACKUP_REQUEST_MAX_AGE must be more than 0: " + env.get("BACKUP_REQUEST_MAX_AGE"));
        }
        return new ManagerSettings(
                env.get("DATABASE_URL"),
                env.get("REDIS_URL"),
                Path.of(SuiteVariables.value("TEXTLOOM_WORKSPACE_DIR", set)),
                Path.of(SuiteVariables.value("TEXTLOOM_LOG_DIR", set)),
                repo,
                SuiteVariables.value("BACKUP_SCHEDULE_REPOSITORY", set),
                env.get("BACKUP_API_KEY"),
                roots,
                (int) SuiteVariables.number("BACKUP_PARALLEL_JOBS", set),
                StorageEndpoint.remoteRepositories(set),
                stateDir(set, repo),
                (int) SuiteVariables.number("BACKUP_OPERATIONS_KEEP", set),
                Duration.ofDays(SuiteVariables.number("BACKUP_OPERATIONS_KEEP_DAYS", set)),
                requestMaxAge,
                SuiteVariables.list("BACKUP_RESTORE_REDIS_HOSTS", set).stream()
                        .map(h -> h.toLowerCase(Locale.ROOT))
                        .toList(),
                new ToolLimits(VariableValues.duration(
                        "BACKUP_TOOL_TIMEOUT", SuiteVariables.value("BACKUP_TOOL_TIMEOUT", set))),
                Map.copyOf(env));
    }

    /** {@code BACKUP_STATE_DIR}, else beside a local repository, else {@code ./backup-manager-state}. */
    private static Path stateDir(Function<String, String> set, String repositoryUri) {
        String configured = SuiteVariables.value("BACKUP_STATE_DIR", set);
        if (!configured.isEmpty()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        String lower = repositoryUri.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("s3:") && !lower.startsWith("obs:")) {
            Path repo = Path.of(lower.startsWith("local:") ? repositoryUri.substring(6) : repositoryUri)
                    .toAbsolutePath()
                    .normalize();
            if (repo.getParent() != null && repo.getFileName() != null) {
                return repo.resolveSibling(repo.getFileName() + "-manager-state");
            }
        }
        return Path.of("backup-manager-state").toAbsolutePath().normalize();
    }

    @Override
    public String toString() {
        return "ManagerSettings[repository=" + repositoryName + " at " + repositoryUri + ", workspace=" + workspaceDir
                + ", logs=" + logDir + ", remotes=" + remotes.size() + ", restoreRoots=" + restoreRoots + ", state="
                + stateDir
                + ", requestMaxAge=" + requestMaxAge + ", toolTimeout=" + toolLimits.timeout() + "]";
    }
}
