package com.textloom.backup.support.messaging;

import com.textloom.backup.events.EventCodec;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.SuiteEvent;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes an event as its JSON payload, and signs a request ({@link RequestSignature#isRequest}) with the
 * configured {@code BACKUP_EVENT_SIGNING_KEY}: the {@value RequestSignature#HEADER} header goes on the record over
 * exactly the bytes written here, so every SmallRye channel of the suite signs what it sends without more code.
 * Without the key requests go out unsigned (the manager then refuses the destructive ones). Also the value
 * serializer of dead-letter producers (the connector mirrors {@link SuiteEventDeserializer}'s name); there the
 * connector writes the original bytes of an unreadable record instead, so a dead letter is exactly what was received.
 */
public class SuiteEventSerializer implements Serializer<SuiteEvent> {

    private final EventCodec codec = new EventCodec();
    private Optional<RequestSignature> signature = Optional.empty();

    /** Reads the signing key; a key too short to be one stops the producer (and the service) naming the variable. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        signature = RequestSignature.configured();
    }

    @Override
    public byte[] serialize(String topic, SuiteEvent event) {
        return event == null ? null : codec.encode(event);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, SuiteEvent event) {
        byte[] payload = serialize(topic, event);
        if (payload != null && headers != null && RequestSignature.isRequest(event) && signature.isPresent()) {
            signature.get().sign(headers, EventTypes.typeOf(event), payload, Instant.now());
        }
        return payload;
    }
}
