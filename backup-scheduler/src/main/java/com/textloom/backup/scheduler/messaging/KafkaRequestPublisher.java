package com.textloom.backup.scheduler.messaging;

import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.scheduler.schedule.FireRequest;
import com.textloom.backup.scheduler.schedule.RequestPublisher;
import com.textloom.backup.support.messaging.EventMessages;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes requests on the requests topic as CloudEvents (binary mode): {@code ce_id} is the request id,
 * {@code ce_type} the event's versioned type, {@code ce_subject} the schedule name; the Kafka key is the
 * repository. {@link #publish(FireRequest)} returns once the broker acknowledged the record.
 */
@ApplicationScoped
public class KafkaRequestPublisher implements RequestPublisher {

    @Inject
    @Channel(Channels.REQUESTS)
    Emitter<SuiteEvent> emitter;

    /** The repository the schedules back up: the Kafka key of their requests. */
    @ConfigProperty(name = "BACKUP_SCHEDULE_REPOSITORY", defaultValue = "default")
    String repository;

    @ConfigProperty(name = "textloom.scheduler.publish-timeout", defaultValue = "PT15S")
    Duration timeout;

    @Inject
    MeterRegistry metrics;

    @Override
    public void publish(FireRequest request) {
        SuiteEvent event = RequestEvents.toEvent(request, repository);
        // the suite's message (key = repository, CloudEvents type, subject, time), with the request id as ce_id
        Message<SuiteEvent> standard = EventMessages.of(event);
        OutgoingCloudEventMetadata<?> cloudEvent = standard.getMetadata(OutgoingCloudEventMetadata.class)
                .map(ce -> OutgoingCloudEventMetadata.from(ce).withId(request.requestId().toString()).build())
                .orElseThrow();
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        Message<SuiteEvent> message = Message.of(event, standard.getMetadata().with(cloudEvent),
                () -> {
                    acknowledged.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acknowledged.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
            acknowledged.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            count(request, "published");
        } catch (ExecutionException e) {
            count(request, "failed");
            throw new PublishException("the broker rejected request " + request.requestId() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            count(request, "failed");
            throw new PublishException("the broker did not acknowledge request " + request.requestId()
                    + " within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while publishing request " + request.requestId(), e);
        } catch (RuntimeException e) {
            count(request, "failed");
            throw new PublishException("cannot publish request " + request.requestId() + ": " + e.getMessage(), e);
        }
    }

    /** {@code textloom_scheduler_requests_total{schedule, trigger, result}}: requests published or failed. */
    private void count(FireRequest request, String result) {
        metrics.counter("textloom.scheduler.requests", "schedule", request.schedule().name(),
                "trigger", request.trigger().name().toLowerCase(Locale.ROOT), "result", result).increment();
    }
}
