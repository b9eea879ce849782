package com.textloom.backup.manager.requests;

import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.VerifyCompleted;
import com.textloom.backup.events.VerifyRequested;
import com.textloom.backup.manager.maintenance.VerifyExecutor;
import com.textloom.backup.manager.storage.RestoreSources;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.support.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;

/**
 * Runs VerifyRequested on the repository its {@code source} names ({@link RestoreSources}); ends with VerifyCompleted
 * and the audit line {@code verify_backup}. A source that cannot be opened fails the verify without an audit line.
 */
@ApplicationScoped
public class VerifyHandler implements RequestHandler<VerifyRequested> {
    @Inject
    RestoreSources sources;

    @Inject
    AuditLog audit;

    @Inject
    Completions completions;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Class<VerifyRequested> requestType() {
        return VerifyRequested.class;
    }

    @Override
    public void run(Repository repo, VerifyRequested v) {
        VerifyCompleted done;
        try (RestoreSources.Source source = sources.open(repo, v.source())) {
            done = new VerifyExecutor(clock).run(source.repository(), v);
        } catch (Exception e) {
            throw new CannotRun(
                    "verify of backup " + v.backupId() + " in " + v.source() + " cannot run: " + e.getMessage());
        }
        completions.finish(v.requestId(), done.status(), done);
        audit.record(v.requestedBy(), "verify_backup", v.backupId(), Completions.status(done.status()));
    }

    @Override
    public SuiteEvent failed(VerifyRequested v, Instant at, String error) {
        return VerifyCompleted.failed(v, at, error);
    }
}
