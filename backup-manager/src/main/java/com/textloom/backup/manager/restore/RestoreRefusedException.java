package com.textloom.backup.manager.restore;

/**
 * A restore that is not allowed or cannot be planned, naming the request field at fault ({@code target_dir},
 * {@code target_redis}, {@code components} ...): the REST API answers it as 400 with that {@code field}; a restore
 * requested on Kafka fails with its message.
 */
public class RestoreRefusedException extends IllegalArgumentException {
    private final String field;

    public RestoreRefusedException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The snake_case request field at fault. */
    public String field() {
        return field;
    }
}
