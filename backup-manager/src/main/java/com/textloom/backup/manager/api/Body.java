package com.textloom.backup.manager.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON request body read field by field. Field names are snake_case; the camelCase spelling of
 * the examples ({@code readData}, {@code targetDir}) is accepted too. A wrong type or an
 * unknown field is an {@link IllegalArgumentException} whose message starts with the field name.
 */
final class Body {
    private final Map<String, Object> map;

    Body(Map<String, Object> map, Set<String> known) {
        this.map = map == null ? Map.of() : map;
        for (String k : this.map.keySet()) {
            if (!known.contains(snake(k))) {
                throw new IllegalArgumentException(snake(k) + ": unknown field (known: " + known + ")");
            }
        }
    }

    private Object raw(String field) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (snake(e.getKey()).equals(field)) {
                return e.getValue();
            }
        }
        return null;
    }

    String text(String field) {
        Object v = raw(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException(field + ": must be a non-empty string");
        }
        return s;
    }

    boolean bool(String field, boolean dflt) {
        Object v = raw(field);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException(field + ": must be true or false");
        }
        return b;
    }

    List<String> strings(String field) {
        Object v = raw(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException(field + ": must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof String s)) {
                throw new IllegalArgumentException(field + ": must be a list of strings");
            }
            out.add(s);
        }
        return out;
    }

    Integer integer(String field) {
        Object v = raw(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Integer i) || i < 0) {
            throw new IllegalArgumentException(field + ": must be a non-negative integer");
        }
        return i;
    }

    /** A whole percentage from 1 to 100, or null when absent. */
    Integer percent(String field) {
        Object v = raw(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Integer i) || i < 1 || i > 100) {
            throw new IllegalArgumentException(field + ": must be a whole number from 1 to 100 (got " + v + ")");
        }
        return i;
    }

    static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
