package com.textloom.backup.monitor.state;

import java.time.Instant;
import java.util.List;

/**
 * What the monitor keeps of one finished backup (translated from a BackupCompleted event).
 *
 * @param backupId     the backup id
 * @param repository   repository written
 * @param tier         the backup type: full, incremental, daily, weekly, monthly
 * @param status       how it ended
 * @param completedAt  when it ended
 * @param durationMs   how long it took
 * @param components   one outcome per component
 * @param remoteCopies one outcome per remote backend the snapshot was copied to
 * @param error        why it failed, null on success
 */
public record BackupResult(
        String backupId,
        String repository,
        String tier,
        Status status,
        Instant completedAt,
        long durationMs,
        List<ComponentOutcome> components,
        List<RemoteCopyOutcome> remoteCopies,
        String error) {

    /** How a backup or component ended. */
    public enum Status {
        SUCCESS,
        PARTIAL,
        FAILED
    }

    public BackupResult {
        components = components == null ? List.of() : List.copyOf(components);
        remoteCopies = remoteCopies == null ? List.of() : List.copyOf(remoteCopies);
    }

    /** Bytes read from the sources, all components. */
    public long bytesRead() {
        return components.stream().mapToLong(ComponentOutcome::bytesRead).sum();
    }

    /** Bytes written to the repository, all components. */
    public long bytesStored() {
        return components.stream().mapToLong(ComponentOutcome::bytesStored).sum();
    }

    /** Bytes of chunks new to the repository, all components. */
    public long bytesNew() {
        return components.stream().mapToLong(ComponentOutcome::bytesNew).sum();
    }

    /**
     * The result of one component.
     *
     * @param component  database, redis, workspace, logs
     * @param success    whether this component is in the snapshot
     * @param bytesRead  bytes read from the source
     * @param bytesNew   bytes of chunks not yet in the repository
     * @param bytesStored bytes written (compressed, encrypted)
     * @param files      files read (1 for a stream)
     * @param durationMs time spent
     * @param error      why it failed, null on success
     */
    public record ComponentOutcome(
            String component,
            boolean success,
            long bytesRead,
            long bytesNew,
            long bytesStored,
            long files,
            long durationMs,
            String error) {}

    /**
     * The copy of the snapshot to one remote backend.
     *
     * @param backend the backend name (minio, obs)
     * @param success whether the copy succeeded
     * @param error   why it failed, null on success
     */
    public record RemoteCopyOutcome(String backend, boolean success, String error) {}
}
