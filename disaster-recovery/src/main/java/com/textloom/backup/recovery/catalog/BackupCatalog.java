package com.textloom.backup.recovery.catalog;

import java.util.List;
import java.util.Optional;

/**
 * The backups disaster recovery can recover from, as the manager's catalogue lists them
 * ({@code GET /api/backups}, {@code GET /api/backups/{id}}). The implementation is a CDI bean.
 */
public interface BackupCatalog {

    /** Every backup, newest first. @throws CatalogUnavailableException when the manager does not answer */
    List<BackupInfo> list();

    /** The backup with this id, with its components' figures and remote copies. */
    Optional<BackupInfo> find(String backupId);

    /** The newest backup whose {@code component} succeeded, with figures and remote copies. */
    Optional<BackupInfo> newestGood(String component);
}
