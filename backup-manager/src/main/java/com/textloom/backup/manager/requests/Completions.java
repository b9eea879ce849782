package com.textloom.backup.manager.requests;

import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.manager.operation.Operations;
import com.textloom.backup.manager.outbox.OutboxSender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import org.jboss.logging.Logger;

/** How every request the manager runs ends: its completion event, its operation's outcome, a log line. */
@ApplicationScoped
public class Completions {
    private static final Logger LOG = Logger.getLogger(Completions.class);

    @Inject
    Operations operations;

    @Inject
    OutboxSender outbox;

    /**
     * Ends a request: its completion event goes to the outbox (on disk before anything else, so it reaches the broker
     * even if the broker is down now or this process stops next), then the operation records the outcome, then the
     * event may be sent.
     */
    public void finish(String requestId, Outcome status, SuiteEvent done) {
        outbox.publish(done, () -> operations.update(requestId, status(status), null, done));
        if (status != Outcome.SUCCESS) {
            LOG.errorf("%s %s ended %s", kind(done), requestId, status(status));
        } else {
            LOG.infof("%s %s ended success", kind(done), requestId);
        }
    }

    /** An outcome as the operations, the logs and the audit lines write it: {@code success}, {@code failed} ... */
    public static String status(Outcome o) {
        return o.name().toLowerCase(Locale.ROOT);
    }

    private static String kind(SuiteEvent e) {
        String n = e.getClass().getSimpleName().replaceAll("(Requested|Completed)$", "");
        return n.toLowerCase(Locale.ROOT);
    }
}
