package com.textloom.backup.manager.requests;

import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RestoreCompleted;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.manager.catalog.BackupCatalog;
import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.outbox.OutboxSender;
import com.textloom.backup.manager.restore.RestoreExecutor;
import com.textloom.backup.manager.restore.RestorePlan;
import com.textloom.backup.manager.service.RepositoryHolder;
import com.textloom.backup.manager.storage.RestoreSources;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.support.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs RestoreRequested from the repository its {@code source} names ({@link RestoreSources}): an in-place restore
 * (not a dry run) first takes a safety backup of the components it overwrites, tagged {@value #SAFETY_TAG}, into the
 * repository in use, and restores nothing when that backup does not succeed. Ends with RestoreCompleted and the audit
 * line {@code restore_backup} ({@code restore_dry_run}).
 */
@ApplicationScoped
public class RestoreHandler implements RequestHandler<RestoreRequested> {
    /** The tag of a safety backup. */
    public static final String SAFETY_TAG = "safety";

    @Inject
    ManagerSettings settings;

    @Inject
    RepositoryHolder repositories;

    @Inject
    RestoreSources sources;

    @Inject
    OutboxSender outbox;

    @Inject
    AuditLog audit;

    @Inject
    BackupHandler backups;

    @Inject
    Completions completions;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Class<RestoreRequested> requestType() {
        return RestoreRequested.class;
    }

    @Override
    public void run(Repository repo, RestoreRequested req) {
        BackupCatalog catalog = new BackupCatalog(repositories.describe());
        Instant started = clock.instant();
        RestoreCompleted done;
        try (RestoreSources.Source source = sources.open(repo, req.source())) {
            Repository from = source.repository();
            Optional<SnapshotInfo> snapshot = catalog.find(from, req.backupId());
            if (snapshot.isEmpty()) {
                done = failed(req, started, "backup " + req.backupId() + " not found in " + source.shown());
            } else {
                RestorePlan plan = RestorePlan.of(req, snapshot.get(), req.backupId(), settings);
                String safetyError = safetyBackup(repo, req, RestoreExecutor.inPlaceComponents(plan));
                done = safetyError != null
                        ? failed(req, started, safetyError)
                        : new RestoreExecutor(clock, settings.parallelJobs(), settings.toolLimits())
                                .run(from, snapshot.get(), req, plan)
                                .readFrom(source.shown());
            }
        } catch (Exception e) {
            done = failed(req, started, e.getMessage());
        }
        completions.finish(req.requestId(), done.status(), done);
        audit.record(
                req.requestedBy(),
                req.dryRun() ? "restore_dry_run" : "restore_backup",
                req.backupId(),
                Completions.status(done.status()));
    }

    /**
     * The safety backup of the components {@code req} restores in place, when it writes over anything; null when it
     * succeeded or none was needed, else why nothing is restored.
     */
    private String safetyBackup(Repository repo, RestoreRequested req, List<String> inPlace) {
        if (req.dryRun() || inPlace.isEmpty()) {
            return null;
        }
        BackupRequested safety = new BackupRequested(
                req.requestId() + "-safety",
                req.repository(),
                BackupType.FULL,
                inPlace,
                req.requestedBy(),
                clock.instant(),
                null,
                null,
                null);
        BackupCompleted s = backups.runBackup(repo, safety, backups.newBackupId(), Set.of(SAFETY_TAG));
        outbox.publish(s);
        audit.record(req.requestedBy(), "create_backup", s.backupId(), Completions.status(s.status()));
        if (s.status() != Outcome.SUCCESS) {
            return "the safety backup before the in-place restore did not succeed (" + Completions.status(s.status())
                    + ": " + s.error() + "); nothing was restored";
        }
        return null;
    }

    /** A restore of {@code req} begun at {@code started} that ends now, {@code failed} with {@code error}. */
    @Override
    public RestoreCompleted failed(RestoreRequested req, Instant started, String error) {
        return RestoreCompleted.failed(req, started, clock.instant(), error);
    }
}
