package com.textloom.backup.cli.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;

/**
 * A service could not be asked (unreachable) or said no (an HTTP error). The message is meant for
 * the user as it is: it names the service and its URL and, for a refusal, the service's own reason:
 * the {@code message} of the suite's error body ({@code {"error","message","field"}}, service-support's
 * {@code ErrorResponse}), else its {@code error}, followed by {@code (field: <field>)} when the body names a field
 * the message does not start with.
 */
public final class RestException extends Exception {
    private final int httpStatus;

    private RestException(String message, int httpStatus) {
        super(message);
        this.httpStatus = httpStatus;
    }

    /** 0 when the service was not reached, else the HTTP status it answered. */
    public int httpStatus() {
        return httpStatus;
    }

    static RestException unreachable(Service service, URI url, String reason) {
        return new RestException(
                "cannot reach the " + service.name() + " at " + url + ": " + reason
                        + " (is it running? give its address with --url or " + service.variable() + ")",
                0);
    }

    static RestException refused(
            Service service, URI url, String method, String path, int status, JsonNode body, boolean keyGiven) {
        String reason = body.hasNonNull("message")
                ? body.get("message").asText()
                : body.hasNonNull("error")
                        ? body.get("error").asText()
                        : body.isTextual() && !body.asText().isBlank() ? firstLine(body.asText()) : "HTTP " + status;
        String field = body.hasNonNull("field") ? body.get("field").asText() : null;
        if (field != null && !reason.startsWith(field + ":")) {
            reason += " (field: " + field + ")";
        }
        String hint = "";
        if (status == 401) {
            hint = keyGiven
                    ? " (the API key in BACKUP_API_KEY was refused)"
                    : " (the " + service.name() + " requires an API key: set BACKUP_API_KEY)";
        }
        return new RestException(
                "the " + service.name() + " at " + url + " answered " + status + " to " + method + " " + path + ": "
                        + reason + hint,
                status);
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
