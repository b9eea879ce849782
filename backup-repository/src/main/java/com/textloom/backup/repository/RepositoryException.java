package com.textloom.backup.repository;

import java.io.IOException;

/** A repository-level failure that is not a failure of the storage medium itself. */
public class RepositoryException extends IOException {
    public RepositoryException(String message) {
        super(message);
    }

    public RepositoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
