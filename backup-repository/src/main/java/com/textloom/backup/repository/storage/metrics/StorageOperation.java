package com.textloom.backup.repository.storage.metrics;

/** The operations of the storage SPI, as metrics name them ({@link #tag()} for metric tags). */
public enum StorageOperation {
    PUT("put"),
    OPEN("open"),
    OPEN_RANGE("open_range"),
    STAT("stat"),
    LIST("list"),
    DELETE("delete");

    private final String tag;

    StorageOperation(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
