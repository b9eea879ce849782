package com.textloom.backup.monitor.kafka;

import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.SuiteEvent;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * CloudEvents binary mode over Kafka, as the SmallRye Kafka connector writes it: {@code ce_specversion},
 * {@code ce_id}, {@code ce_source}, {@code ce_type}, {@code ce_time}, {@code ce_subject},
 * {@code content-type}; the record value is the event's JSON.
 */
final class CloudEventHeaders {

    static final String TYPE = "ce_type";
    static final String SOURCE = "/backup-monitor";

    private CloudEventHeaders() {
    }

    static void write(Headers headers, SuiteEvent event, Instant time, String subject) {
        put(headers, "ce_specversion", "1.0");
        put(headers, "ce_id", UUID.randomUUID().toString());
        put(headers, "ce_source", SOURCE);
        put(headers, TYPE, EventTypes.typeOf(event));
        put(headers, "ce_time", time.toString());
        if (subject != null) {
            put(headers, "ce_subject", subject);
        }
        put(headers, "content-type", "application/json");
    }

    static String type(Headers headers) {
        Header h = headers.lastHeader(TYPE);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
