package com.textloom.backup.repository;

/**
 * How a snapshot was taken. Either way a snapshot restores on its own; the type only says
 * whether unchanged files were skipped using the parent.
 */
public enum SnapshotType {
    /** Every file was read again. */
    FULL,
    /** Files whose size, mtime and inode match the parent snapshot reused its chunk lists. */
    INCREMENTAL;

    /** {@code full} / {@code incremental}, as in the guide and in snapshot manifests. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static SnapshotType fromWireName(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "full" -> FULL;
            case "incremental" -> INCREMENTAL;
            default -> throw new IllegalArgumentException("snapshot type must be full or incremental: " + s);
        };
    }
}
