package com.textloom.backup.manager.messaging;

import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.Topics;
import com.textloom.backup.manager.service.EventSink;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes the manager's events and the requests made over REST as binary CloudEvents keyed by
 * repository. Requests wait for the broker's acknowledgement (so a 202 means the request is on
 * the topic); events are sent without waiting, a failure is logged.
 */
@ApplicationScoped
public class KafkaPublisher implements EventSink {
    private static final Logger LOG = Logger.getLogger(KafkaPublisher.class);
    public static final URI SOURCE = URI.create("/textloom/backup-manager");

    @Inject
    @Channel(Channels.EVENTS)
    Emitter<SuiteEvent> events;

    @Inject
    @Channel(Channels.REQUESTS_OUT)
    Emitter<SuiteEvent> requests;

    @Override
    public void publish(SuiteEvent event) {
        events.send(message(event, UUID.randomUUID().toString(), null, f -> LOG.errorf("publishing %s failed: %s",
                event.getClass().getSimpleName(), f.getMessage())));
    }

    /** Publishes a request and waits until the broker has it. */
    public void request(SuiteEvent request, String requestId) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        requests.send(message(request, requestId, acked, acked::completeExceptionally));
        try {
            acked.get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker rejected request " + requestId + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not acknowledge request " + requestId + " within 15 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing request " + requestId, e);
        }
    }

    private static Message<SuiteEvent> message(SuiteEvent event, String id, CompletableFuture<Void> acked,
                                               java.util.function.Consumer<Throwable> onFailure) {
        OutgoingCloudEventMetadata<Object> ce = OutgoingCloudEventMetadata.builder()
                .withId(id)
                .withSource(SOURCE)
                .withType(EventTypes.typeOf(event))
                .withTimestamp(java.time.Instant.now().atZone(ZoneOffset.UTC))
                .build();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(Topics.keyOf(event)).build();
        return Message.of(event, Metadata.of(ce, kafka), () -> {
            if (acked != null) {
                acked.complete(null);
            }
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            onFailure.accept(failure);
            return CompletableFuture.completedFuture(null);
        });
    }
}
