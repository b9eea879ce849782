package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * Someone asks the manager to restore (part of) a backup. Idempotent by {@code requestId}.
 * Targets never carry credentials: the manager uses its configured ones.
 *
 * @param requestId      idempotency key, also the operation id the REST API answers
 * @param repository     repository to read (the Kafka key)
 * @param backupId       the backup to restore
 * @param components     components to restore; empty = every component of the backup
 * @param targetDir      directory to restore file components into (must lie under BACKUP_RESTORE_ROOTS),
 *                       null = the component's own place (only with inPlace)
 * @param targetDatabase PostgreSQL database name to restore into, null = a new scratch name
 * @param targetRedis    Redis URL without user info ({@code redis://host:6379/4}) to restore into
 * @param inPlace        true to write over the live database / Redis / workspace (a safety backup is taken first)
 * @param dryRun         true to report what would be written where, writing nothing
 * @param requestedBy    who asked: the API key's name, cli, disaster-recovery
 * @param requestedAt    when it was asked
 * @param correlationId  the recovery or drill this restore is part of, null otherwise
 * @param source         the repository to read the backup from: {@code local} (the manager's own, configured
 *                       repository) or a remote's location as the manager shows it ({@code s3:http://host:9000/bucket},
 *                       no credentials); null = the repository the manager uses now
 * @param targetFile     with {@code target_dir} and the {@code redis} component alone: write the backup's RDB stream as
 *                       this file directly in {@code target_dir} (a plain file name such as {@code dump.rdb}: a Redis
 *                       server's {@code dbfilename}, for a cold start on it) instead of into a server; never over an
 *                       existing file. null = the usual targets
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoreRequested(
        String requestId,
        String repository,
        String backupId,
        List<String> components,
        String targetDir,
        String targetDatabase,
        String targetRedis,
        boolean inPlace,
        boolean dryRun,
        String requestedBy,
        Instant requestedAt,
        String correlationId,
        String source,
        String targetFile)
        implements SuiteEvent {

    /** A restore from the repository the manager uses now (no {@code source}). */
    public RestoreRequested(
            String requestId,
            String repository,
            String backupId,
            List<String> components,
            String targetDir,
            String targetDatabase,
            String targetRedis,
            boolean inPlace,
            boolean dryRun,
            String requestedBy,
            Instant requestedAt,
            String correlationId) {
        this(
                requestId,
                repository,
                backupId,
                components,
                targetDir,
                targetDatabase,
                targetRedis,
                inPlace,
                dryRun,
                requestedBy,
                requestedAt,
                correlationId,
                null,
                null);
    }

    /** A restore into the usual targets (no {@code target_file}). */
    public RestoreRequested(
            String requestId,
            String repository,
            String backupId,
            List<String> components,
            String targetDir,
            String targetDatabase,
            String targetRedis,
            boolean inPlace,
            boolean dryRun,
            String requestedBy,
            Instant requestedAt,
            String correlationId,
            String source) {
        this(
                requestId,
                repository,
                backupId,
                components,
                targetDir,
                targetDatabase,
                targetRedis,
                inPlace,
                dryRun,
                requestedBy,
                requestedAt,
                correlationId,
                source,
                null);
    }

    public RestoreRequested {
        Require.text(requestId, "request_id");
        Require.text(repository, "repository");
        Require.text(backupId, "backup_id");
        components = Require.list(components);
        if (targetRedis != null && targetRedis.contains("@")) {
            throw new IllegalArgumentException("target_redis must not carry credentials");
        }
        Require.text(requestedBy, "requested_by");
        Require.present(requestedAt, "requested_at");
        if (source != null && (source.isBlank() || source.contains("@"))) {
            throw new IllegalArgumentException("source must name a repository without credentials");
        }
        if (targetFile != null && !targetFile.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,254}")) {
            throw new IllegalArgumentException(
                    "target_file must be a plain file name (letters, digits, . _ -), no directory");
        }
    }
}
