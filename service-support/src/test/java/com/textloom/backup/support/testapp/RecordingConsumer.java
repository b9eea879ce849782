package com.textloom.backup.support.testapp;

import com.textloom.backup.events.SuiteEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A consumer of the test application: keeps every event it was given. */
@ApplicationScoped
public class RecordingConsumer {

    private final List<SuiteEvent> received = new CopyOnWriteArrayList<>();

    @Incoming("probe-in")
    public void consume(SuiteEvent event) {
        received.add(event);
    }

    public List<SuiteEvent> received() {
        return received;
    }
}
