package com.textloom.backup.support.messaging;

import com.textloom.backup.events.EventCodec;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.Topics;
import com.textloom.backup.events.UnreadableEventException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The suite's events on plain Kafka records, for code that uses the Kafka clients directly instead of a
 * SmallRye channel (the monitor's replay and alert log, the scheduler's start-up read of the requests
 * topic, tests). The records are the ones a channel with the suite's defaults ({@link MessagingDefaults},
 * {@link EventMessages}) writes and reads: CloudEvents 1.0 in binary mode, {@code ce_specversion},
 * {@code ce_id}, {@code ce_source}, {@code ce_type}, {@code ce_time}, {@code ce_subject} and
 * {@code content-type} headers, the event's JSON as value, the repository as key. Reading goes through
 * {@link EventCodec}, so a record is readable here exactly when a channel would not dead-letter it.
 */
public final class CloudEventRecords {

    /** Header of the CloudEvents spec version ({@value #SPEC_VERSION_VALUE}). */
    public static final String SPEC_VERSION = "ce_specversion";
    /** The spec version the suite writes. */
    public static final String SPEC_VERSION_VALUE = "1.0";
    /** Header of the id: unique per publication, or the request id of a request. */
    public static final String ID = "ce_id";
    /** Header of the source: the publishing service ({@code backup-monitor}). */
    public static final String SOURCE = "ce_source";
    /** Header of the versioned type ({@code com.textloom.backup.alert-raised.v1}). */
    public static final String TYPE = "ce_type";
    /** Header of the publication time (ISO-8601). */
    public static final String TIME = "ce_time";
    /** Header of the subject: the backup, alert, recovery or drill id ({@link EventMessages#subjectOf}). */
    public static final String SUBJECT = "ce_subject";
    /** Header of the payload's content type ({@value #JSON}). */
    public static final String CONTENT_TYPE = "content-type";
    /** The payload's content type. */
    public static final String JSON = "application/json";

    private static final EventCodec CODEC = new EventCodec();

    private CloudEventRecords() {}

    /**
     * The record of {@code event} for {@code topic}: key the repository, value the event's JSON, a fresh
     * {@code ce_id}, {@code ce_time} = {@code time}.
     *
     * @param source    the publishing service, {@code quarkus.application.name}
     * @param timestamp the record's timestamp in epoch milliseconds, or null for the producer's clock
     */
    public static ProducerRecord<String, byte[]> record(
            String topic, SuiteEvent event, String source, Instant time, Long timestamp) {
        return record(topic, event, source, time, timestamp, null);
    }

    /**
     * As {@link #record(String, SuiteEvent, String, Instant, Long)}, and a request ({@link RequestSignature#isRequest})
     * signed with {@code signature} ({@value RequestSignature#HEADER} header), as a SmallRye channel signs it.
     *
     * @param signature the suite's signing key, or null to leave the record unsigned
     */
    public static ProducerRecord<String, byte[]> record(
            String topic, SuiteEvent event, String source, Instant time, Long timestamp, RequestSignature signature) {
        byte[] payload = CODEC.encode(event);
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topic, null, timestamp, Topics.keyOf(event), payload);
        writeHeaders(record.headers(), event, UUID.randomUUID().toString(), source, time);
        if (signature != null && RequestSignature.isRequest(event)) {
            signature.sign(record.headers(), EventTypes.typeOf(event), payload, Instant.now());
        }
        return record;
    }

    /** Adds the CloudEvents headers of {@code event} (binary mode). */
    public static void writeHeaders(Headers headers, SuiteEvent event, String id, String source, Instant time) {
        put(headers, SPEC_VERSION, SPEC_VERSION_VALUE);
        put(headers, ID, id);
        put(headers, SOURCE, source);
        put(headers, TYPE, EventTypes.typeOf(event));
        put(headers, TIME, time.toString());
        put(headers, SUBJECT, EventMessages.subjectOf(event));
        put(headers, CONTENT_TYPE, JSON);
    }

    /**
     * Reads a record as the event its {@code ce_type} names, checked against the event's schema.
     *
     * @throws UnreadableEventException when the type is missing or unknown, the value is not JSON, or it breaks
     *                                  the schema; {@link UnreadableEventException#reason()} is the dead-letter
     *                                  reason a channel would give
     */
    public static SuiteEvent read(ConsumerRecord<?, byte[]> record) throws UnreadableEventException {
        return CODEC.decode(type(record.headers()), record.value());
    }

    /** The {@code ce_type} of a record, or null. */
    public static String type(Headers headers) {
        return header(headers, TYPE);
    }

    /** The last value of a header as UTF-8 text, or null when there is none. */
    public static String header(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
