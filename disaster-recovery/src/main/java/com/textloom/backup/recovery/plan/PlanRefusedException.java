package com.textloom.backup.recovery.plan;

/**
 * A recovery or drill that cannot be planned, with the HTTP status the API answers ({@code 400} bad input or no
 * backup, {@code 403} live data without permission, {@code 503} the manager's catalogue unreachable) and the
 * {@code error} code of its ErrorResponse.
 */
public class PlanRefusedException extends RuntimeException {
    private final int status;
    private final String error;

    public PlanRefusedException(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
