package com.textloom.backup.repository.storage;

/**
 * A failure of the medium that may go away if the operation is tried again: the endpoint is
 * unreachable, a connection broke, a timeout, an HTTP 5xx, throttling. Backends raise it so that
 * a retrying decorator knows what is worth retrying; any other {@link StorageException} (access
 * denied, missing bucket, {@link BlobNotFoundException}) is final.
 */
public class TransientStorageException extends StorageException {
    public TransientStorageException(String message) {
        super(message);
    }

    public TransientStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
