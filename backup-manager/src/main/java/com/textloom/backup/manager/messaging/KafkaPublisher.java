package com.textloom.backup.manager.messaging;

import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.manager.service.EventSink;
import com.textloom.backup.support.messaging.EventMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Publishes the manager's events and the requests made over REST as the suite's binary CloudEvents
 * (service-support's {@link EventMessages}: key the repository, {@code ce_source} {@code backup-manager},
 * {@code ce_subject} the backup or request id). Requests carry their request id as {@code ce_id} and wait for
 * the broker's acknowledgement (so a 202 means the request is on the topic); progress events are sent without
 * waiting, a failure is logged; completion events go through the outbox ({@code OutboxSender}), which waits.
 */
@ApplicationScoped
public class KafkaPublisher implements EventSink {
    private static final Logger LOG = Logger.getLogger(KafkaPublisher.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    @Inject
    @Channel(Channels.EVENTS)
    Emitter<SuiteEvent> events;

    @Inject
    @Channel(Channels.REQUESTS_OUT)
    Emitter<SuiteEvent> requests;

    @Override
    public void publish(SuiteEvent event) {
        events.send(EventMessages.of(event).withNack(f -> {
            LOG.errorf("publishing %s failed: %s", event.getClass().getSimpleName(), f.getMessage());
            return CompletableFuture.completedFuture(null);
        }));
    }

    /**
     * Publishes an event with CloudEvents id {@code id} and waits until the broker has it (the outbox's delivery).
     *
     * @throws EventMessages.NotPublishedException when the broker refused it or did not acknowledge it within
     *                                             {@code wait}
     */
    public void publishAndAwait(SuiteEvent event, String id, Duration wait, String what) {
        EventMessages.sendAndAwait(events, EventMessages.of(event, id), wait, what);
    }

    /**
     * Publishes a request and waits until the broker has it.
     *
     * @throws EventMessages.NotPublishedException (an IllegalStateException) when the broker refused it or did
     *                                             not acknowledge it within 15 s
     */
    public void request(SuiteEvent request, String requestId) {
        EventMessages.sendAndAwait(
                requests, EventMessages.of(request, requestId), REQUEST_TIMEOUT, "request " + requestId);
    }
}
