package com.textloom.backup.support.api;

/**
 * The JSON body of every error answer of the suite's APIs: {@code {"error": "...", "message": "..."}}.
 *
 * @param error   a short, stable code: unauthorized, bad_request, not_found, conflict ...
 * @param message a human sentence naming the field or thing at fault; never a secret
 */
public record ErrorResponse(String error, String message) {
}
