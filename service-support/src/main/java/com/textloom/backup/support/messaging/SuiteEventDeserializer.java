package com.textloom.backup.support.messaging;

import com.textloom.backup.events.EventCodec;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.UnreadableEventException;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads a Kafka record value as the event its CloudEvents {@code ce_type} header names, validated
 * against the event's JSON Schema ({@link EventCodec}). A record it cannot read — no or unknown
 * {@code ce_type}, not JSON, wrong schema — fails with a {@link SerializationException} whose message is
 * the reason ({@code unknown_type: unknown type com.example.x.v1}); with the suite's channel defaults
 * ({@link MessagingDefaults}) the connector then sends the original bytes to the dead-letter topic with
 * that reason in the {@code dead-letter-reason} header, and goes on with the next record.
 *
 * <p>A channel that checks a signature over the value (the manager's request channels) uses a subclass made with
 * {@link #SuiteEventDeserializer(Predicate, boolean)}: it reads only the types its consumer takes, and keeps each
 * value's exact bytes for the consumer ({@link #receivedValue}).
 */
public class SuiteEventDeserializer implements Deserializer<SuiteEvent> {

    /**
     * The header in which a verbatim deserializer hands the value's exact bytes to the consumer. Only the
     * deserializer sets it: one a record arrives with is removed first (by every deserializer of the suite), so it
     * always holds the bytes the event was read from. Never written to a dead letter ({@link SuiteDeadLetters}).
     */
    public static final String RECEIVED_VALUE = "textloom-received-value";

    private final EventCodec codec = new EventCodec();
    private final Predicate<String> takes;
    private final boolean verbatim;

    /** Reads every record as an event of the suite. */
    public SuiteEventDeserializer() {
        this(type -> true, false);
    }

    /**
     * @param takes    the {@code ce_type}s the channel's consumer reads: a record of another type is not read and
     *                 reaches the consumer with no payload, for it to skip by its {@code ce_type} (nothing of it is
     *                 dead-lettered on this channel)
     * @param verbatim keeps each value's exact bytes for the consumer ({@link #receivedValue}), and reads an empty
     *                 value (none, blank, or the JSON {@code null}) as no event (no payload), for the consumer to
     *                 refuse as asking for nothing
     */
    protected SuiteEventDeserializer(Predicate<String> takes, boolean verbatim) {
        this.takes = takes;
        this.verbatim = verbatim;
    }

    @Override
    public SuiteEvent deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public SuiteEvent deserialize(String topic, Headers headers, byte[] data) {
        String type = CloudEventRecords.type(headers);
        if (headers != null) {
            headers.remove(RECEIVED_VALUE);
        }
        if (!takes.test(type)) {
            return null;
        }
        if (verbatim) {
            if (headers != null && data != null) {
                headers.add(RECEIVED_VALUE, data);
            }
            if (isEmpty(data)) {
                return null;
            }
        }
        try {
            return codec.decode(type, data);
        } catch (UnreadableEventException e) {
            throw new SerializationException(e.reason());
        }
    }

    private static boolean isEmpty(byte[] data) {
        if (data == null) {
            return true;
        }
        String text = new String(data, StandardCharsets.UTF_8).strip();
        return text.isEmpty() || text.equals("null");
    }

    /**
     * The value of the record {@code message} was read from, byte for byte as received, when a verbatim deserializer
     * read it; else null.
     */
    public static byte[] receivedValue(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> receivedValue(m.getHeaders()))
                .orElse(null);
    }

    /** The value a verbatim deserializer kept in {@code headers}, or null. */
    public static byte[] receivedValue(Headers headers) {
        Header kept = headers == null ? null : headers.lastHeader(RECEIVED_VALUE);
        return kept == null ? null : kept.value();
    }
}
