package com.textloom.backup.recovery.assess;

import com.textloom.backup.recovery.catalog.BackupCatalog;
import com.textloom.backup.recovery.catalog.BackupInfo;
import com.textloom.backup.recovery.catalog.CatalogUnavailableException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the backups say, read once per assessment: per component the newest backup in which it succeeded, with
 * the figures recorded at backup time and its remote copies; or why the catalogue could not be read. The data-loss
 * comparisons (PostgreSQL, Redis) and the backups check all use the same reading.
 *
 * @param newest per component, its newest good backup (components never backed up well are absent)
 * @param error  why the catalogue could not be read, or null
 * @param late   true when the manager did not answer within the assessment's time for it (busy or slow, not
 *               necessarily down): what to do differs from a catalogue that refused or failed
 */
record Baseline(Map<String, BackupInfo> newest, String error, boolean late) {

    Baseline {
        newest = Map.copyOf(newest);
    }

    Baseline(Map<String, BackupInfo> newest, String error) {
        this(newest, error, false);
    }

    /** Reads the newest good backup of each component; the list is asked once and each backup's detail once. */
    static Baseline read(BackupCatalog catalog, Collection<String> components) {
        BackupCatalog once = new OneLook(catalog);
        Map<String, BackupInfo> newest = new LinkedHashMap<>();
        try {
            for (String component : components) {
                once.newestGood(component).ifPresent(b -> newest.put(component, b));
            }
            return new Baseline(newest, null);
        } catch (CatalogUnavailableException e) {
            return new Baseline(Map.of(), e.getMessage());
        } catch (RuntimeException e) {
            return new Baseline(Map.of(), "the backup catalogue could not be read: " + e);
        }
    }

    static Baseline unavailable(String why) {
        return new Baseline(Map.of(), why);
    }

    /** The catalogue was not read in time: {@code why} says within how long and from which manager. */
    static Baseline late(String why) {
        return new Baseline(Map.of(), why, true);
    }

    boolean available() {
        return error == null;
    }

    Optional<BackupInfo> of(String component) {
        return Optional.ofNullable(newest.get(component));
    }

    /** A catalogue that asks its delegate once per question (the list, each backup id). */
    private static final class OneLook implements BackupCatalog {
        private final BackupCatalog delegate;
        private final Map<String, Optional<BackupInfo>> found = new ConcurrentHashMap<>();
        private List<BackupInfo> list;

        OneLook(BackupCatalog delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized List<BackupInfo> list() {
            if (list == null) {
                list = delegate.list();
            }
            return list;
        }

        @Override
        public Optional<BackupInfo> find(String backupId) {
            return found.computeIfAbsent(backupId, delegate::find);
        }
    }
}
