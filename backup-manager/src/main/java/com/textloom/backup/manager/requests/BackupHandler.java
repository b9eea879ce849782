package com.textloom.backup.manager.requests;

import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.BackupProgress;
import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.BackupStarted;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.manager.backup.BackupExecutor;
import com.textloom.backup.manager.backup.BackupIds;
import com.textloom.backup.manager.backup.RemoteSync;
import com.textloom.backup.manager.backup.Sources;
import com.textloom.backup.manager.catalog.BackupCatalog;
import com.textloom.backup.manager.catalog.BackupSummary;
import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.ha.ManagerRole;
import com.textloom.backup.manager.operation.Operation;
import com.textloom.backup.manager.operation.Operations;
import com.textloom.backup.manager.service.EventSink;
import com.textloom.backup.manager.service.RepositoryHolder;
import com.textloom.backup.manager.storage.StorageMeters;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.support.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runs BackupRequested: a request already in the repository (its {@code request:<id>} tag) is recorded
 * {@code duplicate} and not run again; else the backup runs under an id not taken yet, is copied to every remote
 * (metered: {@link StorageMeters}), and ends with BackupCompleted and the audit line {@code create_backup}. Also the
 * safety backup before an in-place restore ({@link #runBackup}) and the backup ids of requests made over REST.
 */
@ApplicationScoped
public class BackupHandler implements RequestHandler<BackupRequested> {
    private static final Logger LOG = Logger.getLogger(BackupHandler.class);

    @Inject
    ManagerSettings settings;

    @Inject
    RepositoryHolder repositories;

    @Inject
    Operations operations;

    @Inject
    AuditLog audit;

    @Inject
    EventSink events;

    @Inject
    ManagerRole role;

    @Inject
    StorageMeters meters;

    @Inject
    Completions completions;

    private final Clock clock = Clock.systemUTC();
    private final BackupIds ids = new BackupIds();
    private final String instance =
            "backup-manager-" + UUID.randomUUID().toString().substring(0, 8);

    /** A fresh backup id (guide form), unique in this instance. */
    public String newBackupId() {
        return ids.next(clock.instant());
    }

    @Override
    public Class<BackupRequested> requestType() {
        return BackupRequested.class;
    }

    @Override
    public void run(Repository repo, BackupRequested req) {
        BackupCatalog catalog = new BackupCatalog(repositories.describe());
        try {
            Optional<BackupSummary> done = catalog.findRequest(repo, req.requestId());
            if (done.isPresent()) {
                LOG.infof(
                        "backup request %s is already in the repository as backup %s: acknowledged, not run again",
                        req.requestId(), done.get().backupId());
                operations.update(req.requestId(), Operation.DUPLICATE, null, done.get());
                return;
            }
        } catch (Exception e) {
            LOG.warnf("cannot list snapshots to check request %s: %s", req.requestId(), e.getMessage());
        }
        String backupId = uniqueBackupId(repo, catalog, req);
        BackupCompleted done = runBackup(repo, req, backupId, Set.of());
        if (done.snapshotId() != null && !repositories.remotes().isEmpty()) {
            done = done.withRemoteCopies(
                    RemoteSync.copyToAll(repo, repositories.remotes(), settings.environment(), meters));
        }
        completions.finish(req.requestId(), done.status(), done);
        audit.record(req.requestedBy(), "create_backup", backupId, Completions.status(done.status()));
    }

    @Override
    public SuiteEvent failed(BackupRequested b, Instant at, String error) {
        String id = BackupIds.isValid(b.backupId()) ? b.backupId() : BackupIds.of(b.requestedAt());
        audit.record(b.requestedBy(), "create_backup", id, "failed");
        return BackupCompleted.failed(b, id, at, at, error);
    }

    /** Runs a backup, publishing its started / progress events; used for requests and safety backups. */
    BackupCompleted runBackup(Repository repo, BackupRequested req, String backupId, Set<String> extraTags) {
        return new BackupExecutor(clock, instance, role::confirmLeadership)
                .run(
                        repo,
                        req,
                        backupId,
                        names -> Sources.forComponents(names, settings),
                        extraTags,
                        new BackupExecutor.Listener() {
                            @Override
                            public void started(BackupStarted e) {
                                events.publish(e);
                            }

                            @Override
                            public void progress(BackupProgress e) {
                                Map<String, Object> p = new LinkedHashMap<>();
                                p.put("component", e.component());
                                p.put("components_done", e.componentsDone());
                                p.put("components_total", e.componentsTotal());
                                p.put("bytes_read", e.bytesRead());
                                p.put("files", e.files());
                                operations.update(req.requestId(), Operation.RUNNING, p, null);
                                events.publish(e);
                            }
                        });
    }

    private String uniqueBackupId(Repository repo, BackupCatalog catalog, BackupRequested req) {
        String id = BackupIds.isValid(req.backupId())
                ? req.backupId()
                : BackupIds.of(req.slot() != null ? req.slot() : req.requestedAt());
        try {
            Instant t = LocalDateTime.parse(id, DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
                    .toInstant(ZoneOffset.UTC);
            while (catalog.find(repo, id).isPresent()) {
                t = t.plusSeconds(1);
                id = BackupIds.of(t);
            }
        } catch (Exception e) {
            LOG.debugf("cannot check backup id %s: %s", id, e.getMessage());
        }
        return id;
    }
}
