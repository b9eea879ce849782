package com.textloom.backup.repository.storage;

import java.io.IOException;

/** A storage medium failed: unreachable, refused, disk full. The message names the store. */
public class StorageException extends IOException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
