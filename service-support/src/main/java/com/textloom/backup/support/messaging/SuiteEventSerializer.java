package com.textloom.backup.support.messaging;

import com.textloom.backup.events.EventCodec;
import com.textloom.backup.events.SuiteEvent;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes an event as its JSON payload. Also the value serializer of dead-letter producers (the
 * connector mirrors {@link SuiteEventDeserializer}'s name); there the connector writes the original bytes of
 * an unreadable record instead, so a dead letter is exactly what was received.
 */
public class SuiteEventSerializer implements Serializer<SuiteEvent> {

    private final EventCodec codec = new EventCodec();

    @Override
    public byte[] serialize(String topic, SuiteEvent event) {
        return event == null ? null : codec.encode(event);
    }
}
