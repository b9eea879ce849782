package com.textloom.backup.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schema (draft 2020-12) of every event, loaded from {@code schemas/<name>.v<n>.schema.json}
 * on the classpath. Schemas allow unknown fields; they check required fields, types, enums, patterns
 * and date-time formats. Thread-safe.
 */
public final class EventSchemas {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static final Map<Class<? extends SuiteEvent>, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private EventSchemas() {}

    /** Classpath resource name of the schema of {@code eventClass}. */
    public static String resourceOf(Class<? extends SuiteEvent> eventClass) {
        return "schemas/" + EventTypes.shortName(eventClass) + ".schema.json";
    }

    /** The schema document of {@code eventClass} as JSON. */
    public static JsonNode schemaOf(Class<? extends SuiteEvent> eventClass) {
        try (InputStream in = open(eventClass)) {
            return EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The problems of {@code json} against the schema of {@code eventClass}, one line each
     * ({@code $.components[0].status: does not have a value in the enumeration ...}); empty when valid.
     */
    public static List<String> validate(Class<? extends SuiteEvent> eventClass, JsonNode json) {
        JsonSchema schema = CACHE.computeIfAbsent(eventClass, EventSchemas::load);
        return schema.validate(json).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }

    private static JsonSchema load(Class<? extends SuiteEvent> eventClass) {
        try (InputStream in = open(eventClass)) {
            return FACTORY.getSchema(in, CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(Class<? extends SuiteEvent> eventClass) throws IOException {
        String resource = resourceOf(eventClass);
        InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("missing schema resource " + resource);
        }
        return in;
    }
}
