package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A backup ended, well or badly. {@code success}: every component succeeded and the snapshot exists;
 * {@code partial}: at least one component failed, the others are in the snapshot; {@code failed}: no
 * snapshot was written ({@code snapshotId} is null, {@code error} says why).
 *
 * @param requestId    the request served
 * @param backupId     the backup id, guide form {@code 20250820_120000}
 * @param repository   repository written (the Kafka key)
 * @param type         the requested type
 * @param status       success, partial or failed
 * @param snapshotId   id of the snapshot written, null when none was
 * @param requestedBy  who asked (for audit lines): the API key's name, scheduler, ...
 * @param startedAt    when the work began
 * @param completedAt  when it ended
 * @param durationMs   completedAt - startedAt in milliseconds
 * @param components   one result per component, in backup order
 * @param remoteCopies one entry per configured remote backend the snapshot was copied to
 * @param error        a summary of what went wrong, null on success; never contains credentials
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupCompleted(
        String requestId,
        String backupId,
        String repository,
        BackupType type,
        Outcome status,
        String snapshotId,
        String requestedBy,
        Instant startedAt,
        Instant completedAt,
        long durationMs,
        List<ComponentResult> components,
        List<RemoteCopy> remoteCopies,
        String error)
        implements SuiteEvent {

    public BackupCompleted {
        Require.text(requestId, "request_id");
        Require.text(backupId, "backup_id");
        Require.text(repository, "repository");
        Require.present(type, "type");
        Require.present(status, "status");
        Require.present(startedAt, "started_at");
        Require.present(completedAt, "completed_at");
        Require.notNegative(durationMs, "duration_ms");
        components = Require.list(components);
        remoteCopies = Require.list(remoteCopies);
    }

    /** This outcome with {@code copies} as its remote copies (the copies are made after the backup itself ends). */
    public BackupCompleted withRemoteCopies(List<RemoteCopy> copies) {
        return new BackupCompleted(
                requestId,
                backupId,
                repository,
                type,
                status,
                snapshotId,
                requestedBy,
                startedAt,
                completedAt,
                durationMs,
                components,
                copies,
                error);
    }

    /**
     * A backup of {@code request} that wrote no snapshot: {@code failed}, no component, no copy, {@code error} saying
     * why.
     */
    public static BackupCompleted failed(
            BackupRequested request, String backupId, Instant startedAt, Instant completedAt, String error) {
        return of(request, backupId)
                .status(Outcome.FAILED)
                .ran(startedAt, completedAt)
                .error(error)
                .build();
    }

    /** The outcome of {@code request} as backup {@code backupId}, the request's fields filled in. */
    public static Builder of(BackupRequested request, String backupId) {
        return new Builder(request, backupId);
    }

    /**
     * Builds the outcome of one request: what the request says (id, repository, type, who asked) comes from it, the
     * rest is set; {@code durationMs} is the time between {@link #ran}'s instants. Lists left unset are empty.
     */
    public static final class Builder {
        private final BackupRequested request;
        private final String backupId;
        private Outcome status;
        private String snapshotId;
        private Instant startedAt;
        private Instant completedAt;
        private List<ComponentResult> components = List.of();
        private List<RemoteCopy> remoteCopies = List.of();
        private String error;

        private Builder(BackupRequested request, String backupId) {
            this.request = request;
            this.backupId = backupId;
        }

        public Builder status(Outcome status) {
            this.status = status;
            return this;
        }

        public Builder snapshotId(String snapshotId) {
            this.snapshotId = snapshotId;
            return this;
        }

        /** When the work began and ended. */
        public Builder ran(Instant startedAt, Instant completedAt) {
            this.startedAt = startedAt;
            this.completedAt = completedAt;
            return this;
        }

        public Builder components(List<ComponentResult> components) {
            this.components = components;
            return this;
        }

        public Builder remoteCopies(List<RemoteCopy> remoteCopies) {
            this.remoteCopies = remoteCopies;
            return this;
        }

        public Builder error(String error) {
            this.error = error;
            return this;
        }

        public BackupCompleted build() {
            long duration = startedAt == null || completedAt == null
                    ? 0
                    : Duration.between(startedAt, completedAt).toMillis();
            return new BackupCompleted(
                    request.requestId(),
                    backupId,
                    request.repository(),
                    request.type(),
                    status,
                    snapshotId,
                    request.requestedBy(),
                    startedAt,
                    completedAt,
                    duration,
                    components,
                    remoteCopies,
                    error);
        }
    }
}
