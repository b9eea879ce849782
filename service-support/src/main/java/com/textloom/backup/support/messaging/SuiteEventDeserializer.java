package com.textloom.backup.support.messaging;

import com.textloom.backup.events.EventCodec;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.UnreadableEventException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a Kafka record value as the event its CloudEvents {@code ce_type} header names, validated
 * against the event's JSON Schema ({@link EventCodec}). A record it cannot read — no or unknown
 * {@code ce_type}, not JSON, wrong schema — fails with a {@link SerializationException} whose message is
 * the reason ({@code unknown_type: unknown type com.example.x.v1}); with the suite's channel defaults
 * ({@link MessagingDefaults}) the connector then sends the original bytes to the dead-letter topic with
 * that reason in the {@code dead-letter-reason} header, and goes on with the next record.
 */
public class SuiteEventDeserializer implements Deserializer<SuiteEvent> {

    private final EventCodec codec = new EventCodec();

    @Override
    public SuiteEvent deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public SuiteEvent deserialize(String topic, Headers headers, byte[] data) {
        try {
            return codec.decode(CloudEventRecords.type(headers), data);
        } catch (UnreadableEventException e) {
            throw new SerializationException(e.reason());
        }
    }
}
