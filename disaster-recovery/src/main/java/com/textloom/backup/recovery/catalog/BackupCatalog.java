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

    /** How many backups that are neither {@code success} nor {@code failed} {@link #newestGood} opens. */
    int PARTIAL_LOOKUPS = 10;

    /**
     * The newest backup whose {@code component} succeeded, with figures and remote copies: the newest
     * {@code success} backup holding it, or a {@code partial} one whose detail says the component succeeded
     * (at most {@link #PARTIAL_LOOKUPS} partial backups are opened); {@code failed} backups are skipped.
     */
    default Optional<BackupInfo> newestGood(String component) {
        int partialLookups = 0;
        for (BackupInfo b : list()) {
            if (!b.components().containsKey(component) || "failed".equals(b.status())) {
                continue;
            }
            if (!"success".equals(b.status()) && ++partialLookups > PARTIAL_LOOKUPS) {
                return Optional.empty();
            }
            Optional<BackupInfo> detail = find(b.backupId());
            BackupInfo.ComponentInfo c =
                    detail.map(d -> d.components().get(component)).orElse(null);
            if (c != null && "success".equals(c.status())) {
                return detail;
            }
        }
        return Optional.empty();
    }
}
