package com.textloom.backup.repository.storage.readonly;

import com.textloom.backup.repository.storage.StorageException;

/** A write to a {@link ReadOnlyBlobStore}: never retried, it names the store and the blob. */
public final class ReadOnlyStoreException extends StorageException {
    public ReadOnlyStoreException(String store, String message) {
        super(store + ": " + message);
    }
}
