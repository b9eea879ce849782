package com.textloom.backup.manager.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The manager's configuration, from the guide's environment variables (or {@code .env.backup} /
 * application properties of the same names). Secrets are kept here and in {@link #environment()}
 * only; {@link #toString()} shows none of them.
 *
 * @param environment every variable read, for the repository library's {@code fromEnvironment}
 */
public record ManagerSettings(String databaseUrl, String redisUrl, Path workspaceDir, Path logDir, String repositoryUri,
                              String repositoryName, String apiKey, List<Path> restoreRoots, int parallelJobs,
                              List<String> remotes, Map<String, String> environment) {

    /** Every variable the manager reads. */
    public static final List<String> VARIABLES = List.of("DATABASE_URL", "REDIS_URL", "TEXTLOOM_WORKSPACE_DIR",
            "TEXTLOOM_LOG_DIR", "BACKUP_LOCAL_DIR", "BACKUP_REPOSITORY", "BACKUP_SCHEDULE_REPOSITORY", "BACKUP_API_KEY",
            "BACKUP_RESTORE_ROOTS", "BACKUP_PARALLEL_JOBS", "BACKUP_ENCRYPTION_KEY", "BACKUP_ENCRYPTION_ENABLED",
            "BACKUP_COMPRESSION_ENABLED", "BACKUP_COMPRESSION_LEVEL", "BACKUP_CHUNK_SIZE", "BACKUP_DAILY_RETENTION_DAYS",
            "BACKUP_WEEKLY_RETENTION_WEEKS", "BACKUP_MONTHLY_RETENTION_MONTHS", "BACKUP_KEEP_LAST", "BACKUP_RETENTION_TIMEZONE",
            "BACKUP_REMOTES", "MINIO_ENDPOINT", "MINIO_ACCESS_KEY", "MINIO_SECRET_KEY", "MINIO_BUCKET", "MINIO_PREFIX",
            "MINIO_SECURE", "OBS_ENDPOINT", "OBS_ACCESS_KEY", "OBS_SECRET_KEY", "OBS_BUCKET", "OBS_PREFIX", "HOSTNAME");

    /**
     * Reads the settings; a bad value throws an {@link IllegalArgumentException} naming the variable.
     *
     * @param lookup a variable's value, or null when it is not set
     */
    public static ManagerSettings read(Function<String, String> lookup) {
        Map<String, String> env = new HashMap<>();
        for (String v : VARIABLES) {
            String value = lookup.apply(v);
            if (value != null && !value.isBlank()) {
                env.put(v, value.trim());
            }
        }
        int jobs;
        try {
            jobs = Integer.parseInt(env.getOrDefault("BACKUP_PARALLEL_JOBS", "2"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("BACKUP_PARALLEL_JOBS is not a number: " + env.get("BACKUP_PARALLEL_JOBS"));
        }
        if (jobs < 1 || jobs > 64) {
            throw new IllegalArgumentException("BACKUP_PARALLEL_JOBS must be within 1..64: " + jobs);
        }
        List<Path> roots = new ArrayList<>();
        for (String r : env.getOrDefault("BACKUP_RESTORE_ROOTS", "/tmp:./restore").split("[:,]")) {
            if (!r.isBlank()) {
                roots.add(Path.of(r.trim()).toAbsolutePath().normalize());
            }
        }
        // remotes the manager copies each backup to: explicit URIs, else MinIO / OBS when configured
        List<String> remotes = new ArrayList<>();
        if (env.containsKey("BACKUP_REMOTES")) {
            for (String r : env.get("BACKUP_REMOTES").split(",")) {
                if (!r.isBlank()) {
                    remotes.add(r.trim());
                }
            }
        } else {
            if (env.containsKey("MINIO_ENDPOINT") && env.containsKey("MINIO_BUCKET")) {
                String ep = env.get("MINIO_ENDPOINT");
                remotes.add("s3:" + (ep.contains("://") ? ep : "http://" + ep) + "/" + env.get("MINIO_BUCKET"));
            }
            if (env.containsKey("OBS_ENDPOINT") && env.containsKey("OBS_BUCKET")) {
                String ep = env.get("OBS_ENDPOINT");
                remotes.add("obs:" + (ep.contains("://") ? ep : "https://" + ep) + "/" + env.get("OBS_BUCKET"));
            }
        }
        String repo = env.getOrDefault("BACKUP_REPOSITORY", env.getOrDefault("BACKUP_LOCAL_DIR", "./backups"));
        return new ManagerSettings(env.get("DATABASE_URL"), env.get("REDIS_URL"),
                Path.of(env.getOrDefault("TEXTLOOM_WORKSPACE_DIR", "./workspace")),
                Path.of(env.getOrDefault("TEXTLOOM_LOG_DIR", "./logs")), repo,
                env.getOrDefault("BACKUP_SCHEDULE_REPOSITORY", "default"), env.get("BACKUP_API_KEY"),
                List.copyOf(roots), jobs, List.copyOf(remotes), Map.copyOf(env));
    }

    @Override
    public String toString() {
        return "ManagerSettings[repository=" + repositoryName + " at " + repositoryUri + ", workspace=" + workspaceDir
                + ", logs=" + logDir + ", remotes=" + remotes.size() + ", restoreRoots=" + restoreRoots + "]";
    }
}
