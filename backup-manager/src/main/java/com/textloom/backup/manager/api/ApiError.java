package com.textloom.backup.manager.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The body of every 4xx answer: what is wrong, and which field when a field is. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String field) {

    static Response of(Response.Status status, String error, String field) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(error, field)).build();
    }

    /** A 400 from an IllegalArgumentException whose message starts with {@code field: }. */
    static Response badRequest(IllegalArgumentException e) {
        String m = e.getMessage() == null ? "bad request" : e.getMessage();
        int colon = m.indexOf(": ");
        String field = colon > 0 && m.substring(0, colon).matches("[a-z_]+") ? m.substring(0, colon) : null;
        return of(Response.Status.BAD_REQUEST, m, field);
    }
}
