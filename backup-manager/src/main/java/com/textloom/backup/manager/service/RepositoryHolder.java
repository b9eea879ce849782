package com.textloom.backup.manager.service;

import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.storage.StorageSelection;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryException;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.location.RepositoryLocation;
import com.textloom.backup.manager.ha.ManagerActivated;
import com.textloom.backup.manager.ha.ManagerRole;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The manager's repository ({@code BACKUP_REPOSITORY}, else {@code BACKUP_LOCAL_DIR}, default
 * {@code ./backups}), opened on first use and created there only when the store is empty (or holds
 * only the key slots and locks of an interrupted init). A store that holds data but no
 * {@code config} (lost, deleted, a half-finished copy) is an error naming the cause and the way
 * back: initialising over it would write a second master key and leave every existing backup
 * unreadable by this manager.
 *
 * <p>After disaster recovery's storage_failure switched the manager to a remote ({@link StorageSelection}), the
 * repository is that remote, until it switches back; the handle follows a switch at the next {@link #get()}.
 */
@ApplicationScoped
public class RepositoryHolder {
    private static final String CONFIG = "config";
    @Inject
    ManagerSettings settings;
    @Inject
    StorageSelection selection;
    @Inject
    ManagerRole role;

    private Repository repository;
    private String openUri;

    /** The open repository in use; the first call (and the first after a storage switch) opens (or initialises) it. */
    public synchronized Repository get() throws IOException {
        String uri = activeUri();
        if (repository != null && !uri.equals(openUri)) {
            close();
        }
        if (repository == null) {
            RepositoryLocation location = RepositoryLocation.parse(uri, settings.environment());
            if (location.kind() == RepositoryLocation.Kind.LOCAL) {
                Path dir = location.path();
                if (!Files.exists(dir)) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
            }
            BlobStore store = location.open();
            try {
                repository = openOrInit(store);
                openUri = uri;
            } catch (IOException | RuntimeException e) {
                try {
                    store.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        }
        return repository;
    }

    private Repository openOrInit(BlobStore store) throws IOException {
        KeySource key = KeySource.fromEnvironment(settings.environment());
        RepositoryOptions options = RepositoryOptions.fromEnvironment(settings.environment());
        if (store.exists(CONFIG)) {
            return Repository.open(store, key, options);
        }
        if (role != null && !role.active()) {
            throw new RepositoryException("the repository in " + store.describe() + " has no config yet; this manager"
                    + " is a standby and leaves its initialisation to the active manager");
        }
        List<BlobStore.BlobInfo> present = store.list("");
        // key slots and locks alone are what an interrupted init leaves: nothing was sealed with
        // their master key yet, so a new repository loses nothing
        if (present.stream().anyMatch(b -> !b.name().startsWith("keys/") && !b.name().startsWith("locks/"))) {
            throw new RepositoryException(noConfig(store, present));
        }
        return Repository.init(store, key, options);
    }

    private String noConfig(BlobStore store, List<BlobStore.BlobInfo> present) {
        Map<String, Long> byKind = new TreeMap<>();
        for (BlobStore.BlobInfo b : present) {
            int slash = b.name().indexOf('/');
            byKind.merge(slash < 0 ? b.name() : b.name().substring(0, slash + 1), 1L, Long::sum);
        }
        String where = describe();
        return "the repository in " + store.describe() + " has no config file but holds " + present.size()
                + " other files " + byKind + ": its config was lost or deleted. The manager does not initialise a new"
                + " repository over existing data (a new master key would leave every backup in it unreadable)."
                + " To recover, put the config back from a copy of the same repository: from a remote replica,"
                + " `bin/textloom-backup repo copy --repo REMOTE --to " + where + "` copies only what is missing,"
                + " config included; then `bin/textloom-backup repo verify --repo " + where + "`. To start a new"
                + " repository instead, move the existing data out of " + where + " first.";
    }

    /** Where the repository in use is, for users (no secrets). */
    public String describe() {
        return RepositoryLocation.parse(activeUri(), settings.environment()).toString();
    }

    /** The remotes each backup is copied to: the configured ones but the one in use after a storage switch. */
    public List<String> remotes() {
        String active = activeUri();
        return settings.remotes().stream().filter(r -> !r.equals(active)).toList();
    }

    private String activeUri() {
        return selection == null ? settings.repositoryUri() : selection.activeUri();
    }

    /** A standby that takes over opens the repository afresh: what the previous active manager wrote is seen. */
    void activated(@Observes ManagerActivated event) {
        close();
    }

    @PreDestroy
    synchronized void close() {
        if (repository != null) {
            repository.close();
            try {
                repository.store().close();
            } catch (IOException | RuntimeException e) {
                // a store that broke (the reason to switch away from it) may not close cleanly
            }
            repository = null;
            openUri = null;
        }
    }
}
