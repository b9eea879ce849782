package com.textloom.backup.monitor.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/** A 4xx answer naming the field at fault: {@code {"error": "...", "field": "..."}}. */
final class ApiError {

    private ApiError() {
    }

    static Response badRequest(String field, String message) {
        return of(Response.Status.BAD_REQUEST, field, field + ": " + message);
    }

    static Response of(Response.Status status, String field, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("field", field);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
