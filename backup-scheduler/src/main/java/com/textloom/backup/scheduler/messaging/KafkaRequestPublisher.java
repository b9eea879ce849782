package com.textloom.backup.scheduler.messaging;

import com.textloom.backup.events.DrillRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.scheduler.schedule.FireRequest;
import com.textloom.backup.scheduler.schedule.RequestPublisher;
import com.textloom.backup.scheduler.schedule.ScheduleKind;
import com.textloom.backup.support.messaging.EventMessages;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Publishes requests as CloudEvents (binary mode): backups and retention on the requests topic, a drill schedule's
 * DrillRequested (one per scenario, {@link RequestEvents#drills}) on the recovery requests topic; {@code ce_id} is the request id,
 * {@code ce_type} the event's versioned type, {@code ce_subject} the request id; the Kafka key is the
 * repository. {@link #publish(FireRequest)} returns once the broker acknowledged the record.
 */
@ApplicationScoped
public class KafkaRequestPublisher implements RequestPublisher {

    @Inject
    @Channel(Channels.REQUESTS)
    Emitter<SuiteEvent> emitter;

    @Inject
    @Channel(Channels.RECOVERY_REQUESTS)
    Emitter<SuiteEvent> recoveryEmitter;

    /** The repository the schedules back up: the Kafka key of their requests (default: the catalogue's). */
    @ConfigProperty(name = "BACKUP_SCHEDULE_REPOSITORY")
    String repository;

    @ConfigProperty(name = "textloom.scheduler.publish-timeout", defaultValue = "PT15S")
    Duration timeout;

    @Inject
    MeterRegistry metrics;

    @Override
    public void publish(FireRequest request) {
        String id = request.requestId().toString();
        try {
            if (request.schedule().kind() == ScheduleKind.DRILL) {
                for (DrillRequested drill : RequestEvents.drills(request, repository)) {
                    EventMessages.sendAndAwait(
                            recoveryEmitter,
                            EventMessages.of(drill, drill.requestId()),
                            timeout,
                            "drill request " + drill.requestId() + " of " + drill.scenario());
                }
            } else {
                EventMessages.sendAndAwait(
                        emitter,
                        EventMessages.of(RequestEvents.toEvent(request, repository), id),
                        timeout,
                        "request " + id);
            }
        } catch (EventMessages.NotPublishedException e) {
            if (!Thread.currentThread().isInterrupted()) {
                count(request, "failed");
            }
            throw new PublishException(e.getMessage(), e.getCause());
        }
        count(request, "published");
    }

    /** {@code textloom_scheduler_requests_total{schedule, trigger, result}}: requests published or failed. */
    private void count(FireRequest request, String result) {
        metrics.counter(
                        "textloom.scheduler.requests",
                        "schedule",
                        request.schedule().name(),
                        "trigger",
                        request.trigger().name().toLowerCase(Locale.ROOT),
                        "result",
                        result)
                .increment();
    }
}
