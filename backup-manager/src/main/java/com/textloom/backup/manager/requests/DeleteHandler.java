package com.textloom.backup.manager.requests;

import com.textloom.backup.manager.catalog.BackupCatalog;
import com.textloom.backup.manager.service.RepositoryHolder;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.support.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Deletes a backup ({@code DELETE /api/backups/{id}}) on the worker of the manager's repository
 * ({@link RepositoryWorkers}, after the requests queued before it), with the audit line {@code delete_backup}; its data
 * goes at the next prune.
 */
@ApplicationScoped
public class DeleteHandler {
    @Inject
    RepositoryHolder repositories;

    @Inject
    RepositoryWorkers workers;

    @Inject
    AuditLog audit;

    /** Completes with whether the backup was there (and is now deleted); fails when the deletion failed. */
    public CompletionStage<Boolean> delete(String backupId, String user) {
        return workers.onManagersRepository(() -> {
            try {
                Repository repo = repositories.get();
                Optional<SnapshotInfo> s = new BackupCatalog(repositories.describe()).find(repo, backupId);
                if (s.isEmpty()) {
                    return false;
                }
                repo.deleteSnapshot(s.get().id());
                audit.record(user, "delete_backup", backupId, "success");
                return true;
            } catch (Exception e) {
                audit.record(user, "delete_backup", backupId, "failed");
                throw new IllegalStateException("deleting backup " + backupId + " failed: " + e.getMessage(), e);
            }
        });
    }
}
