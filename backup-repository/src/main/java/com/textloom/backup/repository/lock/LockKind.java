package com.textloom.backup.repository.lock;

/** What a lock allows others to do meanwhile. */
public enum LockKind {
    /** Backups, restores, verify, copy: any number of shared locks coexist. */
    SHARED,
    /** Prune (and forget): excludes every other lock, shared or exclusive. */
    EXCLUSIVE;

    /** {@code shared} / {@code exclusive}, as in lock files. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static LockKind fromWireName(String s) {
        return switch (s) {
            case "shared" -> SHARED;
            case "exclusive" -> EXCLUSIVE;
            default -> throw new IllegalArgumentException("unknown lock kind: " + s);
        };
    }

    /** Whether a lock of this kind may coexist with a live lock of kind {@code other}. */
    boolean compatibleWith(LockKind other) {
        return this == SHARED && other == SHARED;
    }
}
