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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * Consumes the requests topic. A request is acknowledged once it has run (so if this instance
 * dies midway, another instance of the consumer group takes over the partition and the request
 * is delivered again; a backup already committed is recognised by its request tag and not rerun).
 * Unreadable records go to the dead-letter topic with the reason; other events are skipped.
 */
@ApplicationScoped
public class RequestListener {
    private static final Logger LOG = Logger.getLogger(RequestListener.class);
    private final EventCodec codec = new EventCodec();

    @Inject
    ManagerService service;

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
        return service.submit(event).thenCompose(done -> message.ack());
    }

    /** The dead-letter reason of an unreadable record. */
    static final class DeadLetterReason extends RuntimeException {
        DeadLetterReason(String reason, Throwable cause) {
            super(reason, cause, false, false);
        }
    }
}
