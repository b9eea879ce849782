package com.textloom.backup.manager.requests;

/**
 * Thrown by a {@link RequestHandler} whose request cannot start: {@link RequestIntake} ends it with the handler's
 * {@link RequestHandler#failed} completion and this message as its error.
 */
public class CannotRun extends RuntimeException {
    public CannotRun(String reason) {
        super(reason, null, false, false);
    }
}
