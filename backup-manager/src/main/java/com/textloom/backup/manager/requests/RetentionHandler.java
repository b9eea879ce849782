package com.textloom.backup.manager.requests;

import com.textloom.backup.events.RetentionCompleted;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.maintenance.RetentionExecutor;
import com.textloom.backup.manager.service.RepositoryHolder;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.support.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;

/**
 * Runs RetentionRequested on the repository in use, then on every remote ({@link RetentionExecutor}); ends with
 * RetentionCompleted and the audit line {@code apply_retention} ({@code retention_dry_run}).
 */
@ApplicationScoped
public class RetentionHandler implements RequestHandler<RetentionRequested> {
    @Inject
    ManagerSettings settings;

    @Inject
    RepositoryHolder repositories;

    @Inject
    AuditLog audit;

    @Inject
    Completions completions;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Class<RetentionRequested> requestType() {
        return RetentionRequested.class;
    }

    @Override
    public void run(Repository repo, RetentionRequested r) {
        RetentionCompleted done =
                new RetentionExecutor(clock, settings.environment(), repositories.remotes()).run(repo, r);
        completions.finish(r.requestId(), done.status(), done);
        audit.record(
                r.requestedBy(),
                r.dryRun() ? "retention_dry_run" : "apply_retention",
                null,
                Completions.status(done.status()));
    }

    @Override
    public SuiteEvent failed(RetentionRequested r, Instant at, String error) {
        return RetentionCompleted.failed(r, at, error);
    }
}
