package com.textloom.backup.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.Stream;

/** The golden example of each event: {@code golden/<name>.v<n>.json} in the test resources. */
final class Goldens {

    private Goldens() {}

    static String resourceOf(Class<? extends SuiteEvent> eventClass) {
        return "golden/" + EventTypes.shortName(eventClass) + ".json";
    }

    static byte[] bytes(Class<? extends SuiteEvent> eventClass) {
        try (InputStream in = Goldens.class.getClassLoader().getResourceAsStream(resourceOf(eventClass))) {
            if (in == null) {
                throw new IllegalStateException("missing golden " + resourceOf(eventClass));
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Class<? extends SuiteEvent> eventClass) {
        try {
            return EventJson.mapper().readTree(bytes(eventClass));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Class<? extends SuiteEvent>> eventClasses() {
        return EventTypes.eventClasses().stream();
    }
}
