package com.textloom.backup.scheduler.messaging;

import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.EventCodec;
import com.textloom.backup.events.RetentionCompleted;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.UnreadableEventException;
import com.textloom.backup.scheduler.schedule.RunOutcome;
import com.textloom.backup.scheduler.schedule.ScheduleHistory;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Follows the manager's results on the backup events topic and records, per request id, how each run ended, so
 * {@code GET /api/schedules} shows each schedule's last outcome. Every replica reads the whole topic from the
 * beginning on start (its own consumer group), so the view survives restarts with nothing stored locally.
 *
 * <p>Other events of the suite on that topic are acknowledged and skipped. A record that is not a readable event
 * of the suite ({@link EventCodec}: no CloudEvents type, an unknown type, not JSON, not matching its schema) is
 * nacked with the reason and goes to the topic's dead-letter topic ({@code dead-letter-reason} header);
 * consumption goes on.
 */
@ApplicationScoped
public class OutcomeListener {

    private static final Logger LOG = Logger.getLogger(OutcomeListener.class);

    private final EventCodec codec = new EventCodec();

    @Inject
    ScheduleHistory history;

    @Incoming(Channels.BACKUP_EVENTS)
    public CompletionStage<Void> onEvent(Message<String> message) {
        String type = message.getMetadata(IncomingCloudEventMetadata.class).map(IncomingCloudEventMetadata::getType).orElse(null);
        String payload = message.getPayload();
        SuiteEvent event;
        try {
            event = codec.decode(type, payload == null ? null : payload.getBytes(StandardCharsets.UTF_8));
        } catch (UnreadableEventException e) {
            LOG.warnf("dead-lettering an unreadable record: %s", e.reason());
            return message.nack(new DeadLetterReason(e));
        }
        toOutcome(event).ifPresent(outcome -> {
            history.recordOutcome(outcome);
            LOG.debugf("request %s ended: %s", outcome.requestId(), outcome.status());
        });
        return message.ack();
    }

    static Optional<RunOutcome> toOutcome(SuiteEvent event) {
        try {
            if (event instanceof BackupCompleted c) {
                return Optional.of(new RunOutcome(UUID.fromString(c.requestId()), status(c.status()), c.completedAt(),
                        c.backupId(), c.error()));
            }
            if (event instanceof RetentionCompleted c) {
                return Optional.of(new RunOutcome(UUID.fromString(c.requestId()), status(c.status()), c.completedAt(),
                        null, c.error()));
            }
        } catch (IllegalArgumentException notAUuid) {
            // a request id that is not a UUID was not made by a scheduler: it belongs to no schedule
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String status(com.textloom.backup.events.Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }

    /** The dead-letter reason of an unreadable record: its message is {@link UnreadableEventException#reason()}. */
    static final class DeadLetterReason extends RuntimeException {
        DeadLetterReason(UnreadableEventException cause) {
            super(cause.reason(), cause, false, false);
        }
    }
}
