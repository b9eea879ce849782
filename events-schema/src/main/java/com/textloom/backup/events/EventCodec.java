package com.textloom.backup.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * Turns events into payload bytes and back. Reading is strict where it matters and lenient where it
 * helps evolution: the payload must be JSON that matches the schema of the event its CloudEvents type
 * names, while fields the schema does not know are ignored. Anything else is an
 * {@link UnreadableEventException} whose reason goes to the dead-letter topic. Thread-safe.
 */
public final class EventCodec {

    private final ObjectMapper mapper;

    /** A codec over {@link EventJson#mapper()}. */
    public EventCodec() {
        this(EventJson.mapper());
    }

    /** A codec over {@code mapper}, which must handle java.time (Quarkus' mapper does). */
    public EventCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The JSON payload of {@code event} (UTF-8). */
    public byte[] encode(SuiteEvent event) {
        try {
            return mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot write " + event.getClass().getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a payload whose CloudEvents type is {@code type}.
     *
     * @throws UnreadableEventException when the type is missing or unknown, the payload is not JSON, or it
     *                                  does not match the event's schema
     */
    public SuiteEvent decode(String type, byte[] payload) throws UnreadableEventException {
        if (type == null || type.isBlank()) {
            throw new UnreadableEventException(UnreadableEventException.Kind.MISSING_TYPE, "no ce_type header", null);
        }
        Class<? extends SuiteEvent> eventClass = EventTypes.classOf(type)
                .orElseThrow(() -> new UnreadableEventException(
                        UnreadableEventException.Kind.UNKNOWN_TYPE, "unknown type " + type, null));
        return decode(eventClass, payload);
    }

    /**
     * Reads a payload as an event of {@code eventClass}.
     *
     * @throws UnreadableEventException when the payload is not JSON or does not match the event's schema
     */
    public <T extends SuiteEvent> T decode(Class<T> eventClass, byte[] payload) throws UnreadableEventException {
        JsonNode json;
        try {
            json = payload == null || payload.length == 0 ? null : mapper.readTree(payload);
        } catch (IOException e) {
            throw new UnreadableEventException(UnreadableEventException.Kind.NOT_JSON, firstLine(e), e);
        }
        if (json == null || json.isMissingNode()) {
            throw new UnreadableEventException(UnreadableEventException.Kind.NOT_JSON, "empty payload", null);
        }
        List<String> problems = EventSchemas.validate(eventClass, json);
        if (!problems.isEmpty()) {
            throw new UnreadableEventException(
                    UnreadableEventException.Kind.SCHEMA_VIOLATION,
                    EventTypes.shortName(eventClass) + ": " + String.join("; ", problems),
                    null);
        }
        try {
            return mapper.treeToValue(json, eventClass);
        } catch (IOException | IllegalArgumentException e) {
            throw new UnreadableEventException(
                    UnreadableEventException.Kind.SCHEMA_VIOLATION,
                    EventTypes.shortName(eventClass) + ": " + firstLine(e),
                    e);
        }
    }

    private static String firstLine(Exception e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
