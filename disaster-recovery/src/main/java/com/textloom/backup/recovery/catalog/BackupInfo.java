package com.textloom.backup.recovery.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One backup as disaster recovery sees it.
 *
 * @param backupId   the manager's backup id
 * @param snapshotId the repository snapshot
 * @param type       daily, weekly, monthly, manual ...
 * @param status     success, partial, failed
 * @param time       when it was taken
 * @param components per component name: its status and the figures recorded at backup time
 * @param repository the local repository (URI without secrets)
 * @param remotes    every remote copy: location and status (present, missing, unreachable, unknown)
 */
public record BackupInfo(
        String backupId,
        String snapshotId,
        String type,
        String status,
        Instant time,
        Map<String, ComponentInfo> components,
        String repository,
        List<RemoteCopyInfo> remotes) {

    public BackupInfo {
        components = Map.copyOf(components);
        remotes = List.copyOf(remotes);
    }

    /** @param figures what was recorded at backup time (tables with rows and digests, keys, files ...) */
    public record ComponentInfo(String name, String status, Map<String, Object> figures) {
        public ComponentInfo {
            figures = figures == null ? Map.of() : Map.copyOf(figures);
        }
    }

    /** @param location a remote repository (URI without secrets); @param status present, missing, unreachable, unknown */
    public record RemoteCopyInfo(String location, String status) {}
}
