package com.textloom.backup.manager.service;

import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryException;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.location.RepositoryLocation;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The manager's repository ({@code BACKUP_REPOSITORY}, else {@code BACKUP_LOCAL_DIR}, default
 * {@code ./backups}), opened on first use and created there when the location is empty.
 */
@ApplicationScoped
public class RepositoryHolder {
    @Inject
    ManagerSettings settings;

    private Repository repository;

    /** The open repository; the first call opens (or initialises) it. */
    public synchronized Repository get() throws IOException {
        if (repository == null) {
            RepositoryLocation location = RepositoryLocation.parse(settings.repositoryUri(), settings.environment());
            if (location.kind() == RepositoryLocation.Kind.LOCAL) {
                Path dir = location.path();
                if (!Files.exists(dir)) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
            }
            BlobStore store = location.open();
            KeySource key = KeySource.fromEnvironment(settings.environment());
            RepositoryOptions options = RepositoryOptions.fromEnvironment(settings.environment());
            try {
                repository = Repository.open(store, key, options);
            } catch (RepositoryException e) {
                if (!store.list("config").isEmpty()) {
                    throw e;
                }
                repository = Repository.init(store, key, options);
            }
        }
        return repository;
    }

    /** Where the repository is, for users (no secrets). */
    public String describe() {
        return RepositoryLocation.parse(settings.repositoryUri(), settings.environment()).toString();
    }

    @PreDestroy
    synchronized void close() {
        if (repository != null) {
            repository.close();
        }
    }
}
