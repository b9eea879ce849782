package com.textloom.backup.manager.source;

/** A component could not be backed up or restored; the message says why, without secrets. */
public class SourceException extends Exception {
    private final String component;

    public SourceException(String component, String reason) {
        super(component + ": " + reason);
        this.component = component;
    }

    public SourceException(String component, String reason, Throwable cause) {
        super(component + ": " + reason, cause);
        this.component = component;
    }

    public String component() {
        return component;
    }
}
