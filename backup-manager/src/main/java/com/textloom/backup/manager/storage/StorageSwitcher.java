package com.textloom.backup.manager.storage;

import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.StorageSwitchCompleted;
import com.textloom.backup.events.StorageSwitchRequested;
import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.requests.RepositoryWorkers;
import com.textloom.backup.manager.service.EventSink;
import com.textloom.backup.manager.service.RepositoryHolder;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.VerifyOptions;
import com.textloom.backup.repository.VerifyReport;
import com.textloom.backup.repository.copy.CopyOptions;
import com.textloom.backup.repository.copy.CopyReport;
import com.textloom.backup.repository.copy.RepositoryCopy;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.location.RepositoryLocation;
import com.textloom.backup.support.audit.AuditLog;
import com.textloom.backup.support.files.PrivateFiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Obeys {@link StorageSwitchRequested}: switches backups and restores to a configured remote ({@code use_remote}),
 * rebuilds the configured repository from the remote in use ({@code rebuild_local}: copies what it lacks, snapshots
 * last, then verifies it and checks it holds every snapshot of the remote) and goes back to it ({@code use_local}:
 * rebuilds what is still missing first; switches only when that verified clean). Every request ends with
 * StorageSwitchCompleted and an audit line.
 *
 * <p>Guarantees: the work runs on the repository's worker ({@link RepositoryWorkers#onManagersRepository}), between two
 * requests, never under a running backup or restore; a switch is durable before it is reported
 * ({@link StorageSelection}); {@code use_remote} switches only to a remote holding the repository this manager backs
 * up into (same id, checked before anything is saved); a failed request changes nothing about where backups go; a
 * request served before (by id) is not run again; one older than {@code BACKUP_REQUEST_MAX_AGE} is not run. A rebuild never deletes
 * anything in the configured repository and is refused by the copy when that holds another repository. Not kept
 * across a restart: a request accepted and not yet run when the manager stops is lost (the recovery waiting for
 * it times out and says so; asking again is safe).
 */
@ApplicationScoped
public class StorageSwitcher {
    private static final Logger LOG = Logger.getLogger(StorageSwitcher.class);

    @Inject
    ManagerSettings settings;

    @Inject
    StorageSelection selection;

    @Inject
    RepositoryHolder repositories;

    @Inject
    RepositoryWorkers workers;

    @Inject
    EventSink events;

    @Inject
    AuditLog audit;

    private final Clock clock = Clock.systemUTC();

    /** Takes a request as it is received: queues it on the repository's worker and returns at once. */
    public void accept(StorageSwitchRequested req) {
        if (selection.handled(req.requestId())) {
            LOG.infof("storage request %s was served before: not run again", req.requestId());
            return;
        }
        Duration age = Duration.between(req.requestedAt(), clock.instant());
        if (age.compareTo(settings.requestMaxAge()) > 0) {
            LOG.warnf(
                    "storage request %s (%s by %s) is not run: asked %d s ago, more than BACKUP_REQUEST_MAX_AGE",
                    req.requestId(), req.action(), req.requestedBy(), age.toSeconds());
            return;
        }
        LOG.infof(
                "storage request %s: %s%s (by %s)",
                req.requestId(), req.action(), req.remote() == null ? "" : " " + req.remote(), req.requestedBy());
        workers.onManagersRepository(() -> run(req));
    }

    /** Serves {@code req} on the calling thread (the repository's worker) and publishes the completion. */
    StorageSwitchCompleted run(StorageSwitchRequested req) {
        Instant started = clock.instant();
        Rebuilt rebuilt = null;
        String error = null;
        try {
            switch (req.action()) {
                case StorageSwitchRequested.USE_REMOTE -> useRemote(req);
                case StorageSwitchRequested.REBUILD_LOCAL -> rebuilt = rebuild(req.verifyReadData());
                default -> rebuilt = useLocal(req);
            }
        } catch (Exception e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.errorf("storage request %s (%s) failed: %s", req.requestId(), req.action(), error);
        }
        try {
            selection.remember(req.requestId());
        } catch (IOException e) {
            LOG.warnf("storage request %s is not recorded as served: %s", req.requestId(), e.getMessage());
        }
        Instant end = clock.instant();
        StorageSwitchCompleted done = new StorageSwitchCompleted(
                req.requestId(),
                req.repository(),
                req.action(),
                error == null ? Outcome.SUCCESS : Outcome.FAILED,
                selection.activeShown(),
                selection.primaryShown(),
                selection.switched(),
                rebuilt == null ? 0 : rebuilt.copy().bytesCopied(),
                rebuilt == null ? 0 : rebuilt.copy().blobsCopied(),
                rebuilt == null ? 0 : rebuilt.snapshots(),
                rebuilt == null ? null : Boolean.TRUE,
                started,
                end,
                Duration.between(started, end).toMillis(),
                req.correlationId(),
                error);
        events.publish(done);
        audit.record(req.requestedBy(), "storage_" + req.action(), null, error == null ? "success" : "failed");
        LOG.infof(
                "storage request %s (%s) ended %s: backups and restores use %s",
                req.requestId(), req.action(), done.status().name().toLowerCase(Locale.ROOT), done.active());
        return done;
    }

    private void useRemote(StorageSwitchRequested req) throws IOException {
        String uri = selection
                .remoteNamed(req.remote())
                .orElseThrow(() -> new IllegalArgumentException("remote '" + req.remote()
                        + "' is not one of the manager's remotes "
                        + settings.remotes().stream().map(selection::shown).toList()));
        if (uri.equals(selection.activeUri())) {
            return;
        }
        // the remote must hold the manager's repository (its id) and open with the manager's key before anything
        // points at it: a switch to another repository would be saved, then every backup and restore refused
        RepositoryLocation location = RepositoryLocation.parse(uri, settings.environment());
        Optional<String> ours = repositories.rememberedId();
        try (BlobStore store = location.open();
                Repository remote = open(store)) {
            if (ours.isPresent() && !ours.get().equals(remote.id())) {
                throw new IllegalStateException(
                        "it holds another repository (id " + remote.id().substring(0, 8)
                                + ") than the one this manager backs up into (id "
                                + ours.get().substring(0, 8) + "), so it is"
                                + " no replica of it; nothing was switched");
            }
            LOG.infof(
                    "remote %s holds the repository with %d snapshots",
                    location, remote.snapshots().size());
        } catch (IOException | RuntimeException e) {
            throw new IOException("remote " + location + " cannot be used: " + e.getMessage(), e);
        }
        selection.use(uri, req.requestId(), req.correlationId(), req.requestedBy());
        repositories.get();
    }

    private Rebuilt useLocal(StorageSwitchRequested req) throws IOException {
        if (!selection.switched()) {
            return null;
        }
        Rebuilt r = rebuild(req.verifyReadData());
        selection.use(null, req.requestId(), req.correlationId(), req.requestedBy());
        repositories.get();
        return r;
    }

    private Rebuilt rebuild(boolean readData) throws IOException {
        if (!selection.switched()) {
            throw new IllegalStateException("the manager uses its configured repository " + selection.primaryShown()
                    + ": there is no remote in use to rebuild it from (use_remote first)");
        }
        Repository remote = repositories.get();
        RepositoryLocation primary = RepositoryLocation.parse(settings.repositoryUri(), settings.environment());
        if (primary.kind() == RepositoryLocation.Kind.LOCAL) {
            try {
                PrivateFiles.directory(primary.path());
            } catch (IOException e) {
                throw new IOException(
                        "local storage is not back: " + primary.path() + " cannot be created (" + e.getMessage() + ")",
                        e);
            }
        }
        try (BlobStore store = primary.open()) {
            CopyReport copy = RepositoryCopy.copy(remote.store(), store, CopyOptions.defaults());
            Repository rebuilt = open(store);
            VerifyReport v = rebuilt.verify(readData ? VerifyOptions.readAllData() : VerifyOptions.quick());
            if (!v.ok()) {
                throw new IOException("the rebuilt " + primary + " does not verify: "
                        + v.damaged().size() + " damaged blobs, "
                        + v.errors().stream().limit(3).toList());
            }
            Set<String> have = ids(rebuilt.snapshots());
            List<String> missing = remote.snapshots().stream()
                    .map(SnapshotInfo::id)
                    .filter(id -> !have.contains(id))
                    .toList();
            if (!missing.isEmpty()) {
                throw new IOException("the rebuilt " + primary + " lacks " + missing.size()
                        + " snapshot(s) of the remote: " + missing);
            }
            LOG.infof(
                    "rebuilt %s from %s: %d blobs (%d bytes) copied, %d snapshots, verified %s",
                    primary,
                    selection.activeShown(),
                    copy.blobsCopied(),
                    copy.bytesCopied(),
                    have.size(),
                    readData ? "with every blob re-read" : "(structure)");
            return new Rebuilt(copy, have.size());
        }
    }

    private Repository open(BlobStore store) throws IOException {
        return Repository.open(
                store,
                KeySource.fromEnvironment(settings.environment()),
                RepositoryOptions.fromEnvironment(settings.environment()));
    }

    private static Set<String> ids(List<SnapshotInfo> snapshots) {
        Set<String> s = new HashSet<>();
        snapshots.forEach(x -> s.add(x.id()));
        return s;
    }

    private record Rebuilt(CopyReport copy, int snapshots) {}
}
