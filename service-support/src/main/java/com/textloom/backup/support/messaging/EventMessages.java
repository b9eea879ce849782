package com.textloom.backup.support.messaging;

import com.textloom.backup.events.AlertAcknowledged;
import com.textloom.backup.events.AlertRaised;
import com.textloom.backup.events.AlertResolved;
import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.BackupProgress;
import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.BackupStarted;
import com.textloom.backup.events.DrillCompleted;
import com.textloom.backup.events.DrillRequested;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.RecoveryCompleted;
import com.textloom.backup.events.RecoveryDecided;
import com.textloom.backup.events.RecoveryRequested;
import com.textloom.backup.events.RecoveryStarted;
import com.textloom.backup.events.RestoreCompleted;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.RetentionCompleted;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.events.StorageSwitchCompleted;
import com.textloom.backup.events.StorageSwitchRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.Topics;
import com.textloom.backup.events.VerifyCompleted;
import com.textloom.backup.events.VerifyRequested;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Builds the outgoing message of an event, the one way services publish:
 *
 * <pre>{@code
 * @Channel(Channels.BACKUP_EVENTS) Emitter<SuiteEvent> events;
 * events.send(EventMessages.of(completed));
 * }</pre>
 *
 * The message carries the Kafka key (the repository) and the CloudEvents attributes: a fresh {@code id},
 * the event's versioned {@code type}, {@code subject} (the backup, alert, recovery or drill id) and
 * {@code time}; {@code source} is the service name from the channel defaults.
 */
public final class EventMessages {

    private EventMessages() {}

    /** The message for {@code event}, with a fresh {@code ce_id}. */
    public static Message<SuiteEvent> of(SuiteEvent event) {
        return of(event, UUID.randomUUID().toString());
    }

    /**
     * The message for {@code event} with {@code ce_id} = {@code id}: a request carries its request id, so that
     * the same request published twice (a retry, two scheduler replicas firing one slot) has one id.
     */
    public static Message<SuiteEvent> of(SuiteEvent event, String id) {
        return Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(Topics.keyOf(event))
                        .build())
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(id)
                        .withType(EventTypes.typeOf(event))
                        .withSubject(subjectOf(event))
                        .withTimestamp(ZonedDateTime.now(ZoneOffset.UTC))
                        .build());
    }

    /**
     * Sends {@code message} and returns once the broker has acknowledged it (with {@code acks=all} on the
     * channel: once it is replicated), so a caller that answers "accepted" can say the event is on the topic.
     *
     * @param what names the message in errors ({@code "request 8c3f..."})
     * @throws NotPublishedException when the broker refused it, did not acknowledge it within {@code timeout},
     *                               or the wait was interrupted (the thread's interrupt flag is then set)
     */
    public static void sendAndAwait(
            Emitter<SuiteEvent> emitter, Message<SuiteEvent> message, Duration timeout, String what) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        try {
            emitter.send(message.withAck(() -> {
                        acknowledged.complete(null);
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(failure -> {
                        acknowledged.completeExceptionally(failure);
                        return CompletableFuture.completedFuture(null);
                    }));
            acknowledged.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new NotPublishedException(
                    "the broker rejected " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new NotPublishedException(
                    "the broker did not acknowledge " + what + " within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotPublishedException("interrupted while publishing " + what, e);
        } catch (RuntimeException e) {
            throw new NotPublishedException("cannot publish " + what + ": " + e.getMessage(), e);
        }
    }

    /** An event the broker did not take: the message says what and why; publishing it again is safe. */
    public static final class NotPublishedException extends IllegalStateException {
        public NotPublishedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The CloudEvents subject of an event: the id of the thing it is about (backup id when known, else
     * request id; alert id; recovery or drill id).
     */
    public static String subjectOf(SuiteEvent event) {
        if (event instanceof BackupRequested e) {
            return e.backupId() != null ? e.backupId() : e.requestId();
        } else if (event instanceof BackupStarted e) {
            return e.backupId();
        } else if (event instanceof BackupProgress e) {
            return e.backupId();
        } else if (event instanceof BackupCompleted e) {
            return e.backupId();
        } else if (event instanceof RestoreRequested e) {
            return e.backupId();
        } else if (event instanceof RestoreCompleted e) {
            return e.backupId();
        } else if (event instanceof VerifyRequested e) {
            return e.backupId() != null ? e.backupId() : e.requestId();
        } else if (event instanceof VerifyCompleted e) {
            return e.backupId() != null ? e.backupId() : e.requestId();
        } else if (event instanceof RetentionRequested e) {
            return e.requestId();
        } else if (event instanceof RetentionCompleted e) {
            return e.requestId();
        } else if (event instanceof StorageSwitchRequested e) {
            return e.requestId();
        } else if (event instanceof StorageSwitchCompleted e) {
            return e.requestId();
        } else if (event instanceof AlertRaised e) {
            return e.alertId();
        } else if (event instanceof AlertResolved e) {
            return e.alertId();
        } else if (event instanceof AlertAcknowledged e) {
            return e.alertId();
        } else if (event instanceof RecoveryStarted e) {
            return e.recoveryId();
        } else if (event instanceof RecoveryCompleted e) {
            return e.recoveryId();
        } else if (event instanceof DrillCompleted e) {
            return e.drillId();
        } else if (event instanceof RecoveryRequested e) {
            return e.requestId();
        } else if (event instanceof DrillRequested e) {
            return e.requestId();
        } else if (event instanceof RecoveryDecided e) {
            return e.recoveryId() != null ? e.recoveryId() : e.decisionId();
        }
        throw new IllegalArgumentException(
                "not an event of the suite: " + event.getClass().getName());
    }
}
