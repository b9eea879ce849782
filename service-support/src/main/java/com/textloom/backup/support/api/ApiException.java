package com.textloom.backup.support.api;

/**
 * A refusal of a REST request, answered by service-support's {@link ApiExceptionMappers} as the suite's one
 * {@link ErrorResponse} with {@link #status()}. Resources and the code they call throw it instead of building error
 * responses; the field at fault is given, never guessed from the message.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String error;
    private final String field;

    /**
     * @param status  the HTTP status (4xx or 5xx)
     * @param error   the machine code: {@link ErrorResponse#codeFor(int)} of the status, or a documented refinement
     * @param message the human sentence
     * @param field   the snake_case field at fault, or null
     */
    public ApiException(int status, String error, String message, String field) {
        super(message);
        this.status = status;
        this.error = error == null ? ErrorResponse.codeFor(status) : error;
        this.field = field;
    }

    /** 400 {@code bad_request} naming {@code field} (null when no single field is at fault). */
    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, ErrorResponse.BAD_REQUEST, message, field);
    }

    /** 404 {@code not_found}. */
    public static ApiException notFound(String message) {
        return new ApiException(404, ErrorResponse.NOT_FOUND, message, null);
    }

    /** 409 {@code conflict}. */
    public static ApiException conflict(String message) {
        return new ApiException(409, ErrorResponse.CONFLICT, message, null);
    }

    /** 503 {@code unavailable}, naming {@code field} when the refusal is about one (or null). */
    public static ApiException unavailable(String field, String message) {
        return new ApiException(503, ErrorResponse.UNAVAILABLE, message, field);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String field() {
        return field;
    }

    /** The body this refusal is answered with. */
    public ErrorResponse body() {
        return new ErrorResponse(error, getMessage(), field);
    }
}
