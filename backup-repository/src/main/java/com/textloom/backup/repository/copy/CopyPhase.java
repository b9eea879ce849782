package com.textloom.backup.repository.copy;

/**
 * The phases of a copy, in the order they run. Each phase ends (every one of its blobs is at the
 * destination) before the next starts, which keeps the format's write ordering at the destination:
 * a pack before the index that lists it, key slots before the config, and snapshots last, so no
 * snapshot is ever visible there before every blob it needs.
 */
public enum CopyPhase {
    DATA("data/"),
    INDEX("index/"),
    KEYS("keys/"),
    CONFIG("config"),
    SNAPSHOTS("snapshots/");

    private final String prefix;

    CopyPhase(String prefix) {
        this.prefix = prefix;
    }

    /** The blob name prefix of the phase's blobs ({@code config} is one blob). */
    public String prefix() {
        return prefix;
    }
}
