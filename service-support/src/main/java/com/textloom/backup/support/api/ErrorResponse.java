package com.textloom.backup.support.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The one JSON body of every error answer of the suite's four services:
 * {@code {"error": "bad_request", "message": "type: must be one of full, ...", "field": "type"}}.
 * <ul>
 *   <li>{@code error}: a short, stable machine code. By status: {@value #BAD_REQUEST} (400), {@value #UNAUTHORIZED}
 *       (401), {@value #FORBIDDEN} (403), {@value #NOT_FOUND} (404), {@value #METHOD_NOT_ALLOWED} (405),
 *       {@value #NOT_ACCEPTABLE} (406), {@value #CONFLICT} (409), {@value #PAYLOAD_TOO_LARGE} (413),
 *       {@value #UNSUPPORTED_MEDIA_TYPE} (415), {@value #INTERNAL} (500), {@value #BAD_GATEWAY} (502),
 *       {@value #UNAVAILABLE} (503) ({@link #codeFor(int)}). A service may refine a status with its own documented
 *       code where a client acts on the difference (the manager's {@code standby}, disaster-recovery's planning
 *       refusals such as {@code no_backup}); the status stays the one above.</li>
 *   <li>{@code message}: one human sentence saying what is wrong and, where it helps, what to do; never a secret.</li>
 *   <li>{@code field}: the snake_case name of the one body field, query or path parameter at fault; absent when no
 *       single field is (a body that is not JSON, an unknown path, a conflict).</li>
 * </ul>
 * Built by service-support's {@link ApiExceptionMappers} from {@link ApiException} and the framework's exceptions,
 * and by its request filters; a service never builds another error body.
 *
 * @param error   the machine code
 * @param message the human sentence
 * @param field   the field at fault, or null (then left out of the JSON)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(String error, String message, String field) {

    public static final String BAD_REQUEST = "bad_request";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String NOT_FOUND = "not_found";
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    public static final String NOT_ACCEPTABLE = "not_acceptable";
    public static final String CONFLICT = "conflict";
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    public static final String INTERNAL = "internal";
    public static final String BAD_GATEWAY = "bad_gateway";
    public static final String UNAVAILABLE = "unavailable";

    /** A body without a field at fault. */
    public ErrorResponse(String error, String message) {
        this(error, message, null);
    }

    /** The code of {@code status}: the table above; another 4xx is {@code bad_request}, another 5xx {@code internal}. */
    public static String codeFor(int status) {
        return switch (status) {
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 502 -> BAD_GATEWAY;
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL : BAD_REQUEST;
        };
    }

    /** This body as a JSON answer with {@code status}. */
    public Response.ResponseBuilder answer(int status) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(this);
    }
}
