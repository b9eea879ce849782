package com.textloom.backup.manager.storage;

import com.textloom.backup.events.EventCodec;
import com.textloom.backup.events.StorageSwitchRequested;
import com.textloom.backup.events.UnreadableEventException;
import com.textloom.backup.events.EventTypes;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * Takes StorageSwitchRequested from the requests topic in a consumer group of its own ({@code backup-manager-storage},
 * channel {@value #CHANNEL}), so the manager's request consumer is not involved (it acknowledges and skips these).
 * Every other record is acknowledged and ignored here (unreadable ones are the request consumer's to dead-letter).
 * A switch request is acknowledged once queued on the repository's worker ({@link StorageSwitcher#accept}).
 */
@ApplicationScoped
public class StorageRequestListener {
    /** Incoming: the requests topic, for StorageSwitchRequested only. */
    public static final String CHANNEL = "storage-requests";
    private static final String TYPE = EventTypes.typeOf(StorageSwitchRequested.class);
    private final EventCodec codec = new EventCodec();

    @Inject
    StorageSwitcher switcher;

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onRequest(Message<String> message) {
        String type = message.getMetadata(IncomingCloudEventMetadata.class).map(IncomingCloudEventMetadata::getType).orElse(null);
        if (TYPE.equals(type) && message.getPayload() != null) {
            try {
                switcher.accept((StorageSwitchRequested) codec.decode(type, message.getPayload().getBytes(StandardCharsets.UTF_8)));
            } catch (UnreadableEventException e) {
                // the request consumer dead-letters it
            }
        }
        return message.ack();
    }
}
