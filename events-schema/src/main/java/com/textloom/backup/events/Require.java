package com.textloom.backup.events;

import java.util.List;
import java.util.Map;

/** Argument checks shared by the records' compact constructors; messages name the JSON field. */
final class Require {

    private Require() {}

    /** Returns {@code value}, or throws naming {@code field} when it is null or blank. */
    static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** Returns {@code value}, or throws naming {@code field} when it is null. */
    static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** Returns {@code value}, or throws naming {@code field} when it is negative. */
    static long notNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value);
        }
        return value;
    }

    /** An immutable copy of {@code list}; null becomes the empty list. */
    static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** An immutable copy of {@code map}; null becomes the empty map. */
    static <K, V> Map<K, V> map(Map<K, V> map) {
        return map == null ? Map.of() : Map.copyOf(map);
    }
}
