package com.textloom.backup.manager.messaging;

import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.EventCodec;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.UnreadableEventException;
import com.textloom.backup.events.VerifyRequested;
import com.textloom.backup.manager.service.ManagerService;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Consumes the requests topic. A request is acknowledged as soon as the manager has accepted it
 * ({@link ManagerService#accept}: the decision and the request are in the durable operation store),
 * never after its work: a job of hours would otherwise hold its record unprocessed past the
 * connector's {@code unprocessed-record-max-age.ms} (60 s), and the throttled commit strategy would
 * fail the channel, stopping all consumption and turning liveness DOWN. An accepted request this
 * process does not finish runs when it restarts (its state directory belongs to it alone); a
 * redelivered one is recognised by its request id. Accepting runs on one thread of its own, in
 * arrival order, off the connector's event loop (it forces a file to disk). Unreadable records go
 * to the dead-letter topic with the reason, and so do requests {@link RequestAdmission} refuses (unsigned or
 * badly signed), before anything of them is accepted; other events are skipped.
 */
@ApplicationScoped
public class RequestListener {
    private static final Logger LOG = Logger.getLogger(RequestListener.class);
    private final EventCodec codec = new EventCodec();

    private final ExecutorService intake = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "request-intake");
        t.setDaemon(true);
        return t;
    });

    @Inject
    ManagerService service;

    @Inject
    RequestAdmission admission;

    @Incoming(Channels.REQUESTS)
    public CompletionStage<Void> onRequest(Message<String> message) {
        String type = message.getMetadata(IncomingCloudEventMetadata.class).map(IncomingCloudEventMetadata::getType).orElse(null);
        String payload = message.getPayload();
        SuiteEvent event;
        try {
            event = codec.decode(type, payload == null ? null : payload.getBytes(StandardCharsets.UTF_8));
        } catch (UnreadableEventException e) {
            LOG.warnf("dead-lettering an unreadable request: %s", e.reason());
            return message.nack(new DeadLetterReason(e.reason(), e));
        }
        if (!(event instanceof BackupRequested || event instanceof RestoreRequested || event instanceof VerifyRequested
                || event instanceof RetentionRequested)) {
            return message.ack();
        }
        Optional<String> refused = admission.refusal(event, type, message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getHeaders).orElse(null), payload.getBytes(StandardCharsets.UTF_8));
        if (refused.isPresent()) {
            LOG.warnf("dead-lettering a refused %s: %s", type, refused.get());
            return message.nack(new DeadLetterReason(refused.get(), null));
        }
        return CompletableFuture.runAsync(() -> service.accept(event), intake)
                .handle((accepted, failure) -> failure instanceof CompletionException c && c.getCause() != null
                        ? c.getCause() : failure)
                .thenCompose(failure -> {
                    if (failure == null) {
                        return message.ack();
                    }
                    LOG.errorf(failure, "dead-lettering a request that could not be accepted");
                    return message.nack(new DeadLetterReason("not accepted: " + failure.getMessage(), failure));
                });
    }

    @PreDestroy
    void stop() {
        intake.shutdownNow();
    }

    /** The dead-letter reason of an unreadable record. */
    static final class DeadLetterReason extends RuntimeException {
        DeadLetterReason(String reason, Throwable cause) {
            super(reason, cause, false, false);
        }
    }
}
