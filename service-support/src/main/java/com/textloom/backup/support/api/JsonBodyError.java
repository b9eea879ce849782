package com.textloom.backup.support.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What is wrong with a request body Jackson could not read, as a 400 naming the top-level field at fault: an unknown
 * field as sent ({@code colour: unknown field (known: components, type)}), a value of the wrong type
 * ({@code keep_daily: must be a whole number}), or a body that is not one JSON object (no field).
 */
final class JsonBodyError {
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private JsonBodyError() {}

    static ApiException of(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String name = u.getPropertyName();
            return ApiException.badRequest(name, name + ": unknown field" + known(u.getKnownPropertyIds()));
        }
        if (e instanceof JsonMappingException m) {
            String field = m.getPath().stream()
                    .map(JsonMappingException.Reference::getFieldName)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .map(JsonBodyError::snake)
                    .orElse(null);
            if (field != null) {
                Class<?> target = m instanceof MismatchedInputException mi ? mi.getTargetType() : null;
                return ApiException.badRequest(field, field + ": " + expected(target, m));
            }
            if (String.valueOf(m.getOriginalMessage()).startsWith("Trailing token")) {
                return ApiException.badRequest(null, "the body must be one JSON document: something follows it");
            }
            if (m instanceof MismatchedInputException) {
                return ApiException.badRequest(null, "the body must be one JSON object");
            }
        }
        return ApiException.badRequest(null, "the body is not valid JSON: " + shortText(e.getOriginalMessage()));
    }

    private static String expected(Class<?> target, JsonMappingException e) {
        if (target == null) {
            return "not a valid value (" + shortText(e.getOriginalMessage()) + ")";
        }
        if (target == String.class) {
            return "must be a string";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "must be true or false";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "must be a whole number";
        }
        if (target.isEnum()) {
            return "must be one of "
                    + List.of(target.getEnumConstants()).stream()
                            .map(Object::toString)
                            .map(s -> s.toLowerCase(java.util.Locale.ROOT))
                            .toList();
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "must be a list";
        }
        if (Number.class.isAssignableFrom(target)) {
            return "must be a number";
        }
        return "not a valid value (" + shortText(e.getOriginalMessage()) + ")";
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) {
            return "";
        }
        TreeSet<String> names = new TreeSet<>();
        ids.forEach(id -> names.add(String.valueOf(id)));
        return " (known: " + String.join(", ", names) + ")";
    }

    /** The snake_case spelling of a JSON name as sent ({@code targetDir} and {@code target_dir} both name target_dir). */
    static String snake(String name) {
        return name == null ? null : SNAKE.translate(name);
    }

    /** One line of at most 200 printable characters: parser messages may quote the input. */
    private static String shortText(String text) {
        String line = text == null ? "" : text.replaceAll("[^\\x20-\\x7e]", "?").strip();
        int end = line.indexOf(" at [Source");
        line = end > 0 ? line.substring(0, end) : line;
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
