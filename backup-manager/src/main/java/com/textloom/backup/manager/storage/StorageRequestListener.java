package com.textloom.backup.manager.storage;

import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.StorageSwitchRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.manager.messaging.RequestAdmission;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Takes StorageSwitchRequested from the requests topic in a consumer group of its own ({@code backup-manager-storage},
 * channel {@value #CHANNEL}), so the manager's request consumer is not involved (it acknowledges and skips these).
 * Every record of that {@code ce_type} goes through the manager's one {@link RequestAdmission#admit admission}, as
 * every other request does: a switch redirects every backup and restore, so it needs a valid signature when
 * {@code BACKUP_EVENT_SIGNING_KEY} is set and is refused unsigned when it is not; a refused or empty one goes to the
 * dead-letter topic with the reason ({@link RequestAdmission#deadLetter}), an unreadable one too (by the connector: the
 * channel reads through {@link StorageRequestDeserializer}, which reads that type only), and switches nothing. Records
 * of other types are acknowledged and ignored here (they are the request consumer's). An admitted switch request is
 * acknowledged once queued on the repository's worker ({@link StorageSwitcher#accept}).
 */
@ApplicationScoped
public class StorageRequestListener {
    /** Incoming: the requests topic, for StorageSwitchRequested only. */
    public static final String CHANNEL = "storage-requests";

    private static final String TYPE = EventTypes.typeOf(StorageSwitchRequested.class);
    private static final Set<Class<? extends SuiteEvent>> OBEYED = Set.of(StorageSwitchRequested.class);

    @Inject
    StorageSwitcher switcher;

    @Inject
    RequestAdmission admission;

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onRequest(Message<SuiteEvent> message) {
        if (!TYPE.equals(RequestAdmission.type(message))) {
            return message.ack();
        }
        return admission.process(message, OBEYED, request -> {
            switcher.accept((StorageSwitchRequested) request);
            return message.ack();
        });
    }
}
