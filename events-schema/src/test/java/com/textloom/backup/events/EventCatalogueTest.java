package com.textloom.backup.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The package is complete: every event has a type, a topic, a schema and a golden, and they agree. */
class EventCatalogueTest {

    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    static Stream<Class<? extends SuiteEvent>> events() {
        return Goldens.eventClasses();
    }

    @Test
    void everyRecordOfThePackageThatIsAnEventIsListedWithTwentyOneEventsInAll() throws Exception {
        List<Class<?>> eventRecords = new ArrayList<>();
        for (Class<?> type : classesOfThePackage()) {
            if (type.isRecord() && SuiteEvent.class.isAssignableFrom(type)) {
                eventRecords.add(type);
            }
        }
        assertEquals(new HashSet<>(eventRecords), new HashSet<>(EventTypes.eventClasses()));
        assertEquals(21, EventTypes.eventClasses().size());
        for (Class<?> permitted : SuiteEvent.class.getPermittedSubclasses()) {
            assertTrue(permitted.isRecord(), permitted + " is a record");
        }
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyEventHasASchemaAGoldenATopicAndAVersionedType(Class<? extends SuiteEvent> eventClass) {
        assertNotNull(
                getClass().getClassLoader().getResource(EventSchemas.resourceOf(eventClass)),
                "schema of " + eventClass.getSimpleName());
        assertNotNull(
                getClass().getClassLoader().getResource(Goldens.resourceOf(eventClass)),
                "golden of " + eventClass.getSimpleName());
        assertTrue(
                EventTypes.typeOf(eventClass).matches("com\\.textloom\\.backup\\.[a-z]+(-[a-z]+)*\\.v[0-9]+"),
                EventTypes.typeOf(eventClass));
        assertTrue(Topics.topicOf(eventClass).startsWith("textloom."));
        assertEquals(
                eventClass, EventTypes.classOf(EventTypes.typeOf(eventClass)).orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("events")
    void theSchemaDescribesExactlyTheRecordsFields(Class<? extends SuiteEvent> eventClass) {
        JsonNode schema = EventSchemas.schemaOf(eventClass);
        assertEquals(
                fieldsOf(eventClass),
                names(schema.get("properties")),
                "top-level fields of " + eventClass.getSimpleName());
        for (String required : texts(schema.get("required"))) {
            assertTrue(schema.get("properties").has(required), required + " is required and described");
        }
        JsonNode defs = schema.path("$defs");
        defs.fieldNames().forEachRemaining(def -> {
            Class<?> nested = nestedRecord(def);
            assertEquals(fieldsOf(nested), names(defs.get(def).get("properties")), "fields of " + def);
        });
    }

    @Test
    void noSchemaOrGoldenIsLeftWithoutItsEvent() throws Exception {
        Set<String> expected =
                EventTypes.eventClasses().stream().map(EventTypes::shortName).collect(Collectors.toSet());
        assertEquals(expected, baseNames("schemas", ".schema.json"));
        assertEquals(expected, baseNames("golden", ".json"));
    }

    @Test
    void theDeadLetterTopicOfATopicIsItsNameWithDlq() {
        assertEquals("textloom.backup.requests.dlq", Topics.deadLetter(Topics.REQUESTS));
        assertFalse(
                EventTypes.classOf("com.textloom.backup.backup-requested.v999").isPresent());
    }

    @Test
    void recoveryAndDrillRequestsTravelOnTheRecoveryRequestsTopicKeyedByRepository() {
        assertEquals("textloom.recovery.requests", Topics.topicOf(RecoveryRequested.class));
        assertEquals(Topics.RECOVERY_REQUESTS, Topics.topicOf(DrillRequested.class));
        assertEquals("com.textloom.backup.recovery-requested.v1", EventTypes.typeOf(RecoveryRequested.class));
        assertEquals("com.textloom.backup.drill-requested.v1", EventTypes.typeOf(DrillRequested.class));
        DrillRequested drill = new DrillRequested(
                "d-1",
                "default",
                "redis_failure",
                null,
                false,
                "scheduler",
                java.time.Instant.parse("2025-08-20T03:00:00Z"));
        assertEquals("default", Topics.keyOf(drill));
    }

    private static Set<String> fieldsOf(Class<?> recordClass) {
        Set<String> names = new TreeSet<>();
        for (RecordComponent component : recordClass.getRecordComponents()) {
            names.add(SNAKE.translate(component.getName()));
        }
        return names;
    }

    private static Class<?> nestedRecord(String snakeName) {
        String simple = Stream.of(snakeName.split("_"))
                .map(part -> Character.toUpperCase(part.charAt(0)) + part.substring(1))
                .collect(Collectors.joining());
        try {
            return Class.forName(SuiteEvent.class.getPackageName() + "." + simple);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("$defs/" + snakeName + " names no record " + simple, e);
        }
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static List<Class<?>> classesOfThePackage() throws IOException, URISyntaxException, ClassNotFoundException {
        String packageName = SuiteEvent.class.getPackageName();
        Path dir = Path.of(SuiteEvent.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve(packageName.replace('.', '/'));
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$") && !name.equals("package-info.class")) {
                    classes.add(
                            Class.forName(packageName + "." + name.substring(0, name.length() - ".class".length())));
                }
            }
        }
        return classes;
    }

    private Set<String> baseNames(String folder, String suffix) throws IOException, URISyntaxException {
        URL url = getClass().getClassLoader().getResource(folder);
        assertNotNull(url, folder);
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(suffix))
                    .map(n -> n.substring(0, n.length() - suffix.length()))
                    .collect(Collectors.toSet());
        }
    }
}
