package com.textloom.backup.repository.storage;

/** The named blob does not exist in the store. */
public class BlobNotFoundException extends StorageException {
    private final String blobName;

    public BlobNotFoundException(String store, String blobName) {
        super("blob not found in " + store + ": " + blobName);
        this.blobName = blobName;
    }

    public String blobName() {
        return blobName;
    }
}
