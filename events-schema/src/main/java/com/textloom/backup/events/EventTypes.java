package com.textloom.backup.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CloudEvents {@code type} of every event: {@code com.textloom.backup.<kebab-name>.v<version>},
 * e.g. {@code com.textloom.backup.backup-requested.v1}. A change that removes or retypes a field gets a
 * new version; adding an optional field does not (consumers ignore unknown fields).
 */
public final class EventTypes {

    /** Prefix of every type. */
    public static final String PREFIX = "com.textloom.backup.";

    /** Every event is at version 1 so far; a breaking change to one event moves that event alone. */
    private static final int VERSION = 1;

    private static final Map<Class<? extends SuiteEvent>, String> TYPE_OF;
    private static final Map<String, Class<? extends SuiteEvent>> CLASS_OF;

    static {
        Map<Class<? extends SuiteEvent>, String> types = new LinkedHashMap<>();
        for (Class<?> permitted : SuiteEvent.class.getPermittedSubclasses()) {
            @SuppressWarnings("unchecked")
            Class<? extends SuiteEvent> eventClass = (Class<? extends SuiteEvent>) permitted;
            types.put(eventClass, PREFIX + kebab(eventClass.getSimpleName()) + ".v" + VERSION);
        }
        TYPE_OF = Collections.unmodifiableMap(types);
        Map<String, Class<? extends SuiteEvent>> classes = new LinkedHashMap<>();
        types.forEach((k, v) -> classes.put(v, k));
        CLASS_OF = Collections.unmodifiableMap(classes);
    }

    private EventTypes() {}

    /** The type of this event class, e.g. {@code com.textloom.backup.backup-completed.v1}. */
    public static String typeOf(Class<? extends SuiteEvent> eventClass) {
        String type = TYPE_OF.get(eventClass);
        if (type == null) {
            throw new IllegalArgumentException("not an event of the suite: " + eventClass.getName());
        }
        return type;
    }

    /** The type of this event. */
    public static String typeOf(SuiteEvent event) {
        return typeOf(event.getClass());
    }

    /** The event class of a type, empty when the type is unknown (to be dead-lettered). */
    public static Optional<Class<? extends SuiteEvent>> classOf(String type) {
        return Optional.ofNullable(type).map(CLASS_OF::get);
    }

    /** Every event class, in the order SuiteEvent lists them. */
    public static Set<Class<? extends SuiteEvent>> eventClasses() {
        return TYPE_OF.keySet();
    }

    /**
     * The name of the type without prefix: {@code backup-requested.v1}; also the base name of the
     * event's JSON Schema ({@code schemas/backup-requested.v1.schema.json}).
     */
    public static String shortName(Class<? extends SuiteEvent> eventClass) {
        return typeOf(eventClass).substring(PREFIX.length());
    }

    private static String kebab(String camel) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    out.append('-');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
