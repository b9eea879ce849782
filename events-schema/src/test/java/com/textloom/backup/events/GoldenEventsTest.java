package com.textloom.backup.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each event's golden example against its schema and through the JSON mapper. */
class GoldenEventsTest {

    private final EventCodec codec = new EventCodec();

    static java.util.stream.Stream<Class<? extends SuiteEvent>> events() {
        return Goldens.eventClasses();
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyGoldenValidatesAgainstItsSchema(Class<? extends SuiteEvent> eventClass) {
        List<String> problems = EventSchemas.validate(eventClass, Goldens.json(eventClass));
        assertEquals(List.of(), problems, "golden of " + eventClass.getSimpleName());
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyEventRoundTripsThroughTheJsonMapper(Class<? extends SuiteEvent> eventClass) throws Exception {
        SuiteEvent read = codec.decode(EventTypes.typeOf(eventClass), Goldens.bytes(eventClass));
        assertInstanceOf(eventClass, read);

        byte[] written = codec.encode(read);
        assertEquals(
                Goldens.json(eventClass),
                EventJson.mapper().readTree(written),
                "writing the golden's record gives back the golden's JSON");
        assertEquals(read, codec.decode(eventClass, written), "reading what was written gives the same record");
        assertEquals(
                List.of(),
                EventSchemas.validate(eventClass, EventJson.mapper().readTree(written)),
                "what a producer writes matches the schema");
    }

    @ParameterizedTest
    @MethodSource("events")
    void anUnknownAddedFieldIsIgnoredAtEveryLevel(Class<? extends SuiteEvent> eventClass) throws Exception {
        JsonNode golden = Goldens.json(eventClass);
        JsonNode extended = golden.deepCopy();
        addUnknownFields(extended);

        SuiteEvent fromGolden = codec.decode(eventClass, EventJson.mapper().writeValueAsBytes(golden));
        SuiteEvent fromExtended = codec.decode(eventClass, EventJson.mapper().writeValueAsBytes(extended));
        assertEquals(fromGolden, fromExtended);
        assertTrue(extended.has("added_in_a_later_version"));
    }

    /** Adds a field no version of the suite knows to every object, except free-form maps. */
    private static void addUnknownFields(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getKey().equals("figures") && !field.getKey().equals("labels")) {
                    addUnknownFields(field.getValue());
                }
            }
            object.putObject("added_in_a_later_version").put("note", "a consumer must not care");
        } else if (node instanceof ArrayNode array) {
            array.forEach(GoldenEventsTest::addUnknownFields);
        }
    }
}
