package com.textloom.backup.events;

/**
 * A record that cannot be read as an event of the suite. {@link #reason()} says why in one line and is
 * what a consumer puts on the dead-letter record; it never quotes the payload.
 */
public final class UnreadableEventException extends Exception {

    /** Why a record is unreadable. */
    public enum Kind {
        /** No {@code ce_type} header (or an empty one). */
        MISSING_TYPE,
        /** A {@code ce_type} that no event of this version of the suite has. */
        UNKNOWN_TYPE,
        /** The payload is not JSON (or empty). */
        NOT_JSON,
        /** JSON that does not match the event's schema (missing or wrongly typed field). */
        SCHEMA_VIOLATION
    }

    private final Kind kind;

    public UnreadableEventException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** The kind of problem. */
    public Kind kind() {
        return kind;
    }

    /** {@code KIND: message}, suitable for a dead-letter reason header. */
    public String reason() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ": " + getMessage();
    }
}
