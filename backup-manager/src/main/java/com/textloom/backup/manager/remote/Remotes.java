package com.textloom.backup.manager.remote;

import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.location.RepositoryLocation;
import com.textloom.backup.repository.storage.metrics.StorageMetricsSink;
import com.textloom.backup.repository.storage.retry.RetryPolicy;
import java.util.Map;

/**
 * Opens one remote repository URI ({@code BACKUP_REMOTES}, MinIO, OBS) and runs work on it, the one
 * place the manager reaches a remote (copies, presence checks, retention). The remote's name given to
 * the work and to the failure is the location without credentials; the store is always closed after
 * the work, whatever it throws.
 */
public final class Remotes {
    private Remotes() {}

    /** Work on an open remote store. */
    @FunctionalInterface
    public interface OnStore<T> {
        T run(String name, BlobStore store) throws Exception;
    }

    /** Work on a remote opened as a replica of the manager's repository. */
    @FunctionalInterface
    public interface OnRepository<T> {
        T run(String name, Repository repository) throws Exception;
    }

    /** What to report when a remote cannot be reached or the work on it fails. */
    @FunctionalInterface
    public interface OnFailure<T> {
        T failed(String name, Exception e);
    }

    /**
     * Runs {@code work} on the store at {@code uri} ({@code retry} null: the location's default
     * retries); any exception (bad URI, unreachable, refused) goes to {@code failure} with the name
     * known so far (the URI as given when it cannot even be parsed).
     */
    public static <T> T onStore(
            String uri, Map<String, String> environment, RetryPolicy retry, OnStore<T> work, OnFailure<T> failure) {
        return onStore(uri, environment, retry, null, work, failure);
    }

    /**
     * As {@link #onStore(String, Map, RetryPolicy, OnStore, OnFailure)}, every storage operation on the remote counted
     * in {@code metrics} (null: not counted).
     */
    public static <T> T onStore(
            String uri,
            Map<String, String> environment,
            RetryPolicy retry,
            StorageMetricsSink metrics,
            OnStore<T> work,
            OnFailure<T> failure) {
        String name = uri;
        try {
            RepositoryLocation location = RepositoryLocation.parse(uri, environment);
            name = location.toString();
            try (BlobStore store = location.open(retry == null ? RetryPolicy.DEFAULT : retry, metrics)) {
                return work.run(name, store);
            }
        } catch (Exception e) {
            return failure.failed(name, e);
        }
    }

    /**
     * Runs {@code work} on the remote at {@code uri} opened as a repository with the manager's key
     * ({@code BACKUP_ENCRYPTION_KEY} …) and options: a remote is a replica of the same repository.
     * A remote that holds no repository yet fails like an unreachable one.
     */
    public static <T> T onRepository(
            String uri, Map<String, String> environment, OnRepository<T> work, OnFailure<T> failure) {
        return onStore(
                uri,
                environment,
                null,
                (name, store) -> {
                    try (Repository repository = Repository.open(
                            store,
                            KeySource.fromEnvironment(environment),
                            RepositoryOptions.fromEnvironment(environment))) {
                        return work.run(name, repository);
                    }
                },
                failure);
    }
}
