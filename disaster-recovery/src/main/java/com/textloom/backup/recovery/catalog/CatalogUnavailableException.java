package com.textloom.backup.recovery.catalog;

/** The manager's catalogue could not be read (down, refused, bad answer); the message says which. */
public class CatalogUnavailableException extends RuntimeException {
    public CatalogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
