package com.textloom.backup.support.messaging;

import com.textloom.backup.events.SuiteEvent;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A consumer whose only work is to dead-letter, once for the whole service, what the service cannot read on topics it
 * reads some other way: every replica replays those topics from the beginning on every start (the monitor's event log,
 * the scheduler's outcomes), so were the replay to dead-letter, each unreadable record would be copied once per
 * replica and restart.
 *
 * <p>A service turns it on with the build property {@code textloom.messaging.dead-letters-only=true} and names the
 * topics on its channel {@value #CHANNEL}:
 * <pre>
 * textloom.messaging.dead-letters-only=true
 * mp.messaging.incoming.dead-letters-only.topics=textloom.backup.events,textloom.alerts
 * </pre>
 * The channel reads in the service's consumer group ({@code quarkus.application.name}, shared by the replicas, offsets
 * committed) with the suite's defaults ({@link MessagingDefaults}): a record {@link SuiteEventDeserializer} cannot read
 * never reaches {@link #readable}; {@link SuiteDeadLetters} writes it to {@code <its topic>.dlq} with the reason, and
 * the channel goes on. Readable events need nothing here.
 */
@ApplicationScoped
@IfBuildProperty(name = DeadLettersOnly.ENABLED, stringValue = "true")
public class DeadLettersOnly {

    /** The build property that turns the consumer on. */
    public static final String ENABLED = "textloom.messaging.dead-letters-only";
    /** Its channel, the topics of which the service configures. */
    public static final String CHANNEL = "dead-letters-only";

    @Incoming(CHANNEL)
    void readable(SuiteEvent event) {
        // applied elsewhere: the service reads these topics its own way
    }
}
