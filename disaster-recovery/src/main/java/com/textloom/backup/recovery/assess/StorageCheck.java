package com.textloom.backup.recovery.assess;

import com.textloom.backup.recovery.assess.CheckReport.CheckResult;
import com.textloom.backup.recovery.scenario.Scenario;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.location.RepositoryLocation;
import com.textloom.backup.repository.storage.readonly.ReadOnlyBlobStore;
import com.textloom.backup.repository.storage.retry.RetryPolicy;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The backups' storage: the repository the manager writes (BACKUP_REPOSITORY, else BACKUP_LOCAL_DIR) and every
 * remote copy (BACKUP_REMOTES, else MinIO / OBS), each opened as a repository with BACKUP_ENCRYPTION_KEY and its
 * snapshots read (each one decrypted and authenticated): reachable, readable, how many snapshots, the latest.
 *
 * <p>Critical ({@code storage_failure}): the repository is missing (a local directory deleted, its {@code config}
 * gone), unreachable, does not open with the key, or a snapshot cannot be read. Degraded: a remote so, or no remote
 * configured. Read-only, with two caveats of the repository library: opening a local repository that exists
 * removes its own temp files older than a day (as the manager does), and connecting to an S3 / OBS remote creates
 * its bucket when it is missing. A local directory that does not exist is never created. Each location is opened
 * once and kept open (its index loaded once); a location that fails is closed and opened afresh next time.
 */
final class StorageCheck {

    static final String NAME = "storage";
    private static final RetryPolicy ONE_TRY = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1);

    /** Open repositories by location URI; access to one is serialised by its lock. */
    private final Map<String, Handle> open = new ConcurrentHashMap<>();

    private final ExecutorService pool;

    StorageCheck(ExecutorService pool) {
        this.pool = pool;
    }

    /** Every location asked at once; one that has not answered by the deadline is reported {@code unreachable}. */
    CheckResult run(AssessSettings settings, Deadline deadline) {
        CheckReport r = new CheckReport(NAME);
        CompletableFuture<Map<String, Object>> primaryAsked =
                ask(settings.repository(), "repository", settings, deadline);
        List<CompletableFuture<Map<String, Object>>> remotesAsked = settings.remotes().stream()
                .map(uri -> ask(uri, "remote", settings, deadline))
                .toList();
        List<Map<String, Object>> locations = new ArrayList<>();
        Map<String, Object> primary = primaryAsked.join();
        locations.add(primary);
        if (!"ok".equals(primary.get("status"))) {
            r.critical(
                    "the repository " + primary.get("location") + " is " + primary.get("status") + ": "
                            + primary.get("error"),
                    Scenario.STORAGE_FAILURE);
            r.recommend("The repository " + primary.get("location") + " cannot be used (" + primary.get("status") + "):"
                    + " switch backups and restores to a remote copy with `scripts/disaster_recovery.sh recover --scenario"
                    + " storage_failure --dry-run`, then without --dry-run; it rebuilds the local repository from the"
                    + " remote once storage is back.");
        }
        int readableRemotes = 0;
        for (CompletableFuture<Map<String, Object>> asked : remotesAsked) {
            Map<String, Object> l = asked.join();
            locations.add(l);
            if ("ok".equals(l.get("status"))) {
                readableRemotes++;
            } else {
                r.degraded("remote " + l.get("location") + " is " + l.get("status") + ": " + l.get("error"));
                r.recommend("The remote copy " + l.get("location") + " cannot be read (" + l.get("error") + "): check"
                        + " the endpoint, bucket and keys (MINIO_* / OBS_* / BACKUP_REMOTES); the next backup catches"
                        + " it up once it answers.");
            }
        }
        if (settings.remotes().isEmpty()) {
            r.degraded("no remote copy configured");
            r.recommend("No remote copy is configured: set MINIO_ENDPOINT (or OBS_ENDPOINT, or BACKUP_REMOTES) for the"
                    + " backup manager, or a storage or full disaster loses every backup.");
        }
        r.fact("locations", locations).fact("remotes_readable", readableRemotes);
        r.summary("repository " + primary.get("location") + " readable, " + primary.get("snapshots") + " snapshots"
                + ", " + readableRemotes + " of " + settings.remotes().size() + " remote(s) readable");
        return r.done();
    }

    private CompletableFuture<Map<String, Object>> ask(
            String uri, String role, AssessSettings settings, Deadline deadline) {
        Map<String, Object> late = new LinkedHashMap<>();
        late.put("location", uri);
        late.put("role", role);
        failed(late, "unreachable", deadline.noAnswer());
        return CompletableFuture.supplyAsync(() -> inspect(uri, role, settings.storageEnvironment(), deadline), pool)
                .completeOnTimeout(late, deadline.remainingMillis(), TimeUnit.MILLISECONDS);
    }

    /** One location's entry: location (no credentials), role, status ok / missing / unreachable / unreadable ... */
    private Map<String, Object> inspect(String uri, String role, Map<String, String> env, Deadline deadline) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("location", uri);
        l.put("role", role);
        RepositoryLocation location;
        try {
            location = RepositoryLocation.parse(uri, env);
            l.put("location", location.toString());
        } catch (RuntimeException e) {
            return failed(l, "misconfigured", e.getMessage());
        }
        if (location.kind() == RepositoryLocation.Kind.LOCAL) {
            if (!Files.isDirectory(location.path())) {
                close(uri);
                return failed(
                        l,
                        "missing",
                        "directory " + location.path().toAbsolutePath().normalize() + " does not exist");
            }
            if (!Files.isRegularFile(location.path().resolve("config"))) {
                close(uri);
                return failed(
                        l,
                        "damaged",
                        "no repository config file in "
                                + location.path().toAbsolutePath().normalize());
            }
        }
        Handle handle = open.computeIfAbsent(uri, u -> new Handle());
        try {
            if (!handle.lock.tryLock(deadline.remainingMillis(), TimeUnit.MILLISECONDS)) {
                // a look that hangs (a storage that stopped answering) is not joined by another one each time
                return failed(
                        l, "unreachable", "the previous look at it has not finished (" + deadline.noAnswer() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(l, "unreachable", "interrupted");
        }
        try {
            try {
                if (handle.repository == null) {
                    // read only: the assessment never writes a repository (no lock, no file), whatever it calls
                    handle.store = new ReadOnlyBlobStore(location.open(ONE_TRY, null));
                    handle.repository = Repository.open(
                            handle.store, KeySource.fromEnvironment(env), RepositoryOptions.fromEnvironment(env));
                }
                if (!handle.store.exists("config")) {
                    throw new java.io.IOException("the repository's config file is gone");
                }
                List<SnapshotInfo> snapshots = handle.repository.snapshots();
                l.put("status", "ok");
                l.put("snapshots", snapshots.size());
                if (!snapshots.isEmpty()) {
                    SnapshotInfo latest = snapshots.get(snapshots.size() - 1);
                    l.put("latest_snapshot", latest.id());
                    l.put("latest_snapshot_time", latest.time().toString());
                }
                return l;
            } catch (Exception e) {
                handle.close();
                return failed(
                        l,
                        location.kind() == RepositoryLocation.Kind.LOCAL ? "unreadable" : "unreachable",
                        e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        } finally {
            handle.lock.unlock();
        }
    }

    private static Map<String, Object> failed(Map<String, Object> l, String status, String error) {
        l.put("status", status);
        l.put("error", error);
        return l;
    }

    private void close(String uri) {
        Handle h = open.get(uri);
        if (h != null && h.lock.tryLock()) {
            try {
                h.close();
            } finally {
                h.lock.unlock();
            }
        }
    }

    /** Closes every repository kept open. */
    void closeAll() {
        open.keySet().forEach(this::close);
    }

    /** An open repository and its store; one look at a time. */
    private static final class Handle {
        final ReentrantLock lock = new ReentrantLock();
        BlobStore store;
        Repository repository;

        void close() {
            try {
                if (repository != null) {
                    repository.close();
                }
                if (store != null) {
                    store.close();
                }
            } catch (Exception ignored) {
                // closing a broken store: nothing more to do
            } finally {
                repository = null;
                store = null;
            }
        }
    }
}
