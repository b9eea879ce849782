package com.textloom.backup.manager.storage;

import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.location.RepositoryLocation;
import com.textloom.backup.repository.storage.retry.RetryPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;

/**
 * The repository a restore reads from: the one in use, or the one its request's {@code source} names ({@code local}
 * = the configured repository; a configured remote by its location as shown). A named source that is not the one in
 * use is opened for that restore only, with the manager's key, and closed after it; it is only read.
 */
@ApplicationScoped
public class RestoreSources {
    @Inject
    ManagerSettings settings;

    @Inject
    StorageSelection selection;

    @Inject
    StorageMeters meters;

    /**
     * Opens {@code source} ({@code null}: {@code active}, the repository in use).
     *
     * @throws IllegalArgumentException when the manager has no repository by that name (the restore fails saying so)
     * @throws IOException              when it cannot be opened
     */
    public Source open(Repository active, String source) throws IOException {
        if (source == null || source.isBlank()) {
            return new Source(active, null, selection.activeShown());
        }
        String uri = selection
                .sourceUri(source)
                .orElseThrow(() -> new IllegalArgumentException("source '" + source
                        + "': the manager has no such repository (local, or one of its remotes: "
                        + settings.remotes().stream().map(selection::shown).toList() + ")"));
        if (uri.equals(selection.activeUri())) {
            return new Source(active, null, selection.activeShown());
        }
        RepositoryLocation location = RepositoryLocation.parse(uri, settings.environment());
        if (location.kind() == RepositoryLocation.Kind.LOCAL && !java.nio.file.Files.isDirectory(location.path())) {
            throw new IOException("source '" + source + "': " + location + " does not exist");
        }
        BlobStore store = location.open(RetryPolicy.DEFAULT, meters);
        try {
            return new Source(
                    Repository.open(
                            store,
                            KeySource.fromEnvironment(settings.environment()),
                            RepositoryOptions.fromEnvironment(settings.environment())),
                    store,
                    location.toString());
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** A repository to restore from; closing it closes what was opened for the restore (never the one in use). */
    public record Source(Repository repository, BlobStore opened, String shown) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (opened != null) {
                repository.close();
                opened.close();
            }
        }
    }
}
