package com.textloom.backup.monitor.state;

import java.time.Instant;

/**
 * The latest successful backup of one component in one repository.
 *
 * @param repository repository
 * @param component  component
 * @param tier       backup type of that backup
 * @param backupId   backup id
 * @param at         when it completed
 * @param bytesRead  bytes read from the source
 * @param files      files read
 */
public record ComponentSuccess(
        String repository, String component, String tier, String backupId, Instant at, long bytesRead, long files) {}
