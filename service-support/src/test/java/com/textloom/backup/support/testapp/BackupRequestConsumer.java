package com.textloom.backup.support.testapp;

import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.support.messaging.SuiteDeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * A consumer of the test application that reads two topics on one channel and takes only BackupRequested: any other
 * event of the suite it dead-letters itself ({@link SuiteDeadLetters#deadLetter}), as a service refuses a request.
 */
@ApplicationScoped
public class BackupRequestConsumer {

    /** The reason it gives for an event it does not take. */
    public static final String NOT_TAKEN = "not taken here: ";

    private final List<BackupRequested> received = new CopyOnWriteArrayList<>();

    @Incoming("backup-requests-in")
    public CompletionStage<Void> consume(Message<SuiteEvent> message) {
        if (message.getPayload() instanceof BackupRequested request) {
            received.add(request);
            return message.ack();
        }
        return SuiteDeadLetters.deadLetter(message, NOT_TAKEN + EventTypes.typeOf(message.getPayload()), null);
    }

    public List<BackupRequested> received() {
        return received;
    }
}
