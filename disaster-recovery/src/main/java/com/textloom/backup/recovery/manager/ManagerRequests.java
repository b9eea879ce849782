package com.textloom.backup.recovery.manager;

import com.textloom.backup.events.RestoreCompleted;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.StorageSwitchCompleted;
import com.textloom.backup.events.StorageSwitchRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.VerifyCompleted;
import com.textloom.backup.events.VerifyRequested;
import com.textloom.backup.support.messaging.EventMessages;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Asks the backup-manager to restore, verify or switch its storage, the suite's way: the request goes on
 * {@code textloom.backup.requests} (channel {@value #REQUESTS}) and the answer is the manager's completion event
 * on {@code textloom.backup.events} (channel {@value #RESULTS}) with the same request id.
 *
 * <p>Guarantees: the waiter is registered before the request is published, so an answer faster than the
 * publisher's acknowledgement is not missed; a request the broker did not take throws
 * {@link EventMessages.NotPublishedException}; no answer within the timeout throws {@link ManagerTimeoutException}
 * (the manager may still run it later: its operation {@code GET /api/operations/{request id}} tells). The results
 * channel has a consumer group of its own so it never shares partitions with another consumer of that topic in
 * this service.
 */
@ApplicationScoped
public class ManagerRequests {
    private static final Logger LOG = Logger.getLogger(ManagerRequests.class);
    /** Outgoing: RestoreRequested / VerifyRequested to the manager. */
    public static final String REQUESTS = "manager-requests";
    /** Incoming: the manager's RestoreCompleted / VerifyCompleted. */
    public static final String RESULTS = "manager-results";

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(15);

    @Inject
    @Channel(REQUESTS)
    Emitter<SuiteEvent> requests;

    private final Map<String, CompletableFuture<SuiteEvent>> waiting = new ConcurrentHashMap<>();

    /** Publishes {@code request} and waits for the manager's RestoreCompleted of it. */
    public RestoreCompleted restore(RestoreRequested request, Duration timeout) {
        return (RestoreCompleted) ask(
                request,
                request.requestId(),
                "restore " + request.requestId() + " of backup " + request.backupId(),
                timeout);
    }

    /** Publishes {@code request} and waits for the manager's VerifyCompleted of it. */
    public VerifyCompleted verify(VerifyRequested request, Duration timeout) {
        return (VerifyCompleted) ask(
                request,
                request.requestId(),
                "verify " + request.requestId() + " of backup " + request.backupId(),
                timeout);
    }

    /** Publishes {@code request} and waits for the manager's StorageSwitchCompleted of it. */
    public StorageSwitchCompleted storage(StorageSwitchRequested request, Duration timeout) {
        return (StorageSwitchCompleted)
                ask(request, request.requestId(), "storage " + request.action() + " " + request.requestId(), timeout);
    }

    private SuiteEvent ask(SuiteEvent request, String requestId, String what, Duration timeout) {
        CompletableFuture<SuiteEvent> answer = new CompletableFuture<>();
        waiting.put(requestId, answer);
        try {
            EventMessages.sendAndAwait(requests, EventMessages.of(request, requestId), PUBLISH_TIMEOUT, what);
            LOG.infof("asked the manager: %s", what);
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ManagerTimeoutException("the manager did not answer " + what + " within " + timeout.toMinutes()
                    + " min (is backup-manager running? its operation " + requestId + " says where it is)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManagerTimeoutException("interrupted while waiting for the manager's answer to " + what);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            waiting.remove(requestId);
        }
    }

    /** The manager's completions: hands each one to the recovery waiting for it, if any. */
    @Incoming(RESULTS)
    @Blocking
    public void onResult(SuiteEvent event) {
        String id = null;
        if (event instanceof RestoreCompleted r) {
            id = r.requestId();
        } else if (event instanceof VerifyCompleted v) {
            id = v.requestId();
        } else if (event instanceof StorageSwitchCompleted c) {
            id = c.requestId();
        }
        if (id != null) {
            CompletableFuture<SuiteEvent> w = waiting.get(id);
            if (w != null) {
                w.complete(event);
            }
        }
    }

    /** The manager did not answer in time. */
    public static final class ManagerTimeoutException extends RuntimeException {
        public ManagerTimeoutException(String message) {
            super(message);
        }
    }
}
