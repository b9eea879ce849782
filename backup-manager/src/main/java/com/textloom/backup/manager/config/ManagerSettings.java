package com.textloom.backup.manager.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manager's configuration, from the guide's environment variables (or {@code .env.backup} /
 * application properties of the same names). Secrets are kept here and in {@link #environment()}
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
 * @param environment       every variable read, for the repository library's {@code fromEnvironment}
 */
public record ManagerSettings(String databaseUrl, String redisUrl, Path workspaceDir, Path logDir, String repositoryUri,
                              String repositoryName, String apiKey, List<Path> restoreRoots, int parallelJobs,
                              List<String> remotes, Path stateDir, int operationsKeep, Duration operationsMaxAge,
                              Duration requestMaxAge, List<String> redisRestoreHosts, Map<String, String> environment) {

    /** Every variable the manager reads. */
    public static final List<String> VARIABLES = List.of("DATABASE_URL", "REDIS_URL", "TEXTLOOM_WORKSPACE_DIR",
            "TEXTLOOM_LOG_DIR", "BACKUP_LOCAL_DIR", "BACKUP_REPOSITORY", "BACKUP_SCHEDULE_REPOSITORY", "BACKUP_API_KEY",
            "BACKUP_RESTORE_ROOTS", "BACKUP_PARALLEL_JOBS", "BACKUP_ENCRYPTION_KEY", "BACKUP_ENCRYPTION_ENABLED",
            "BACKUP_COMPRESSION_ENABLED", "BACKUP_COMPRESSION_LEVEL", "BACKUP_CHUNK_SIZE", "BACKUP_DAILY_RETENTION_DAYS",
            "BACKUP_WEEKLY_RETENTION_WEEKS", "BACKUP_MONTHLY_RETENTION_MONTHS", "BACKUP_KEEP_LAST", "BACKUP_RETENTION_TIMEZONE",
            "BACKUP_REMOTES", "MINIO_ENDPOINT", "MINIO_ACCESS_KEY", "MINIO_SECRET_KEY", "MINIO_BUCKET", "MINIO_PREFIX",
            "MINIO_SECURE", "OBS_ENDPOINT", "OBS_ACCESS_KEY", "OBS_SECRET_KEY", "OBS_BUCKET", "OBS_PREFIX", "OBS_PATH_STYLE",
            "OBS_SIGNATURE", "BACKUP_STATE_DIR", "BACKUP_OPERATIONS_KEEP", "BACKUP_OPERATIONS_KEEP_DAYS",
            "BACKUP_REQUEST_MAX_AGE", "BACKUP_RESTORE_REDIS_HOSTS", "HOSTNAME");

    private static final Pattern DURATION = Pattern.compile("([0-9]+)(s|m|h|d)?");

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
        int jobs = number(env, "BACKUP_PARALLEL_JOBS", 2, 1, 64);
        List<Path> roots = new ArrayList<>();
        for (String r : env.getOrDefault("BACKUP_RESTORE_ROOTS", "./restore").split("[:,]")) {
            if (!r.isBlank()) {
                roots.add(Path.of(r.trim()).toAbsolutePath().normalize());
            }
        }
        String repo = env.getOrDefault("BACKUP_REPOSITORY", env.getOrDefault("BACKUP_LOCAL_DIR", "./backups"));
        return new ManagerSettings(env.get("DATABASE_URL"), env.get("REDIS_URL"),
                Path.of(env.getOrDefault("TEXTLOOM_WORKSPACE_DIR", "./workspace")),
                Path.of(env.getOrDefault("TEXTLOOM_LOG_DIR", "./logs")), repo,
                env.getOrDefault("BACKUP_SCHEDULE_REPOSITORY", "default"), env.get("BACKUP_API_KEY"),
                List.copyOf(roots), jobs, remotes(env), stateDir(env, repo),
                number(env, "BACKUP_OPERATIONS_KEEP", 1000, 10, 1_000_000),
                Duration.ofDays(number(env, "BACKUP_OPERATIONS_KEEP_DAYS", 30, 1, 3650)),
                duration(env, "BACKUP_REQUEST_MAX_AGE", Duration.ofHours(1)), hosts(env.get("BACKUP_RESTORE_REDIS_HOSTS")),
                Map.copyOf(env));
    }

    private static List<String> hosts(String setting) {
        List<String> hosts = new ArrayList<>();
        if (setting != null) {
            for (String h : setting.split(",")) {
                if (!h.isBlank()) {
                    hosts.add(h.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return List.copyOf(hosts);
    }

    /** The remotes each backup is copied to: {@code BACKUP_REMOTES}, else MinIO and / or OBS when configured. */
    private static List<String> remotes(Map<String, String> env) {
        List<String> remotes = new ArrayList<>();
        if (env.containsKey("BACKUP_REMOTES")) {
            for (String r : env.get("BACKUP_REMOTES").split(",")) {
                if (!r.isBlank()) {
                    remotes.add(r.trim());
                }
            }
            return List.copyOf(remotes);
        }
        if (env.containsKey("MINIO_ENDPOINT") && env.containsKey("MINIO_BUCKET")) {
            String scheme = Boolean.parseBoolean(env.getOrDefault("MINIO_SECURE", "false")) ? "https://" : "http://";
            remotes.add("s3:" + endpoint(env.get("MINIO_ENDPOINT"), scheme) + "/" + env.get("MINIO_BUCKET")
                    + prefix(env.get("MINIO_PREFIX")));
        }
        if (env.containsKey("OBS_ENDPOINT") && env.containsKey("OBS_BUCKET")) {
            List<String> options = new ArrayList<>();
            if (env.containsKey("OBS_PATH_STYLE")) {
                options.add("path-style=" + env.get("OBS_PATH_STYLE"));
            }
            if (env.containsKey("OBS_SIGNATURE")) {
                options.add("signature=" + env.get("OBS_SIGNATURE"));
            }
            remotes.add("obs:" + endpoint(env.get("OBS_ENDPOINT"), "https://") + "/" + env.get("OBS_BUCKET")
                    + prefix(env.get("OBS_PREFIX")) + (options.isEmpty() ? "" : "?" + String.join("&", options)));
        }
        return List.copyOf(remotes);
    }

    private static String endpoint(String endpoint, String defaultScheme) {
        String e = endpoint.contains("://") ? endpoint : defaultScheme + endpoint;
        return e.replaceAll("/+$", "");
    }

    private static String prefix(String prefix) {
        String p = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        return p.isEmpty() ? "" : "/" + p;
    }

    /** {@code BACKUP_STATE_DIR}, else beside a local repository, else {@code ./backup-manager-state}. */
    private static Path stateDir(Map<String, String> env, String repositoryUri) {
        if (env.containsKey("BACKUP_STATE_DIR")) {
            return Path.of(env.get("BACKUP_STATE_DIR")).toAbsolutePath().normalize();
        }
        String lower = repositoryUri.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("s3:") && !lower.startsWith("obs:")) {
            Path repo = Path.of(lower.startsWith("local:") ? repositoryUri.substring(6) : repositoryUri).toAbsolutePath().normalize();
            if (repo.getParent() != null && repo.getFileName() != null) {
                return repo.resolveSibling(repo.getFileName() + "-manager-state");
            }
        }
        return Path.of("backup-manager-state").toAbsolutePath().normalize();
    }

    private static int number(Map<String, String> env, String variable, int dflt, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(env.getOrDefault(variable, Integer.toString(dflt)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " is not a number: " + env.get(variable));
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(variable + " must be within " + min + ".." + max + ": " + n);
        }
        return n;
    }

    /** A number of seconds, or a number with unit s, m, h or d ({@code 90m}, {@code 1h}). */
    private static Duration duration(Map<String, String> env, String variable, Duration dflt) {
        String v = env.get(variable);
        if (v == null) {
            return dflt;
        }
        Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(variable + " is not a number of seconds or a duration such as 30m: " + v);
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero()) {
            throw new IllegalArgumentException(variable + " must be more than 0: " + v);
        }
        return d;
    }

    @Override
    public String toString() {
        return "ManagerSettings[repository=" + repositoryName + " at " + repositoryUri + ", workspace=" + workspaceDir
                + ", logs=" + logDir + ", remotes=" + remotes.size() + ", restoreRoots=" + restoreRoots + ", state=" + stateDir
                + ", requestMaxAge=" + requestMaxAge + "]";
    }
}
