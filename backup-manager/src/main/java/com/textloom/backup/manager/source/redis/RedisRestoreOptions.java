package com.textloom.backup.manager.source.redis;

/**
 * How to restore the {@code redis} component online.
 *
 * @param target   the server to write to (may be another server than the backed-up one)
 * @param sourceDb restore only this db of the backup; null for every db
 * @param targetDb write into this db index instead of the key's own; null keeps each key's db.
 *                 Requires {@code sourceDb} when the backup holds more than one db.
 * @param mode     {@link Mode#REPLACE_ALL} empties each written db first ({@code FLUSHDB}, never
 *                 {@code FLUSHALL}); {@link Mode#MERGE} keeps keys the backup does not have and
 *                 overwrites those it has
 */
public record RedisRestoreOptions(RedisLocation target, Integer sourceDb, Integer targetDb, Mode mode) {
    public enum Mode {
        REPLACE_ALL,
        MERGE
    }

    public RedisRestoreOptions {
        if (target == null) {
            throw new IllegalArgumentException("target_redis is required");
        }
        if (mode == null) {
            throw new IllegalArgumentException("mode is required");
        }
        if (targetDb != null && targetDb < 0 || sourceDb != null && sourceDb < 0) {
            throw new IllegalArgumentException("db indexes are not negative");
        }
    }

    /** Where a key of db {@code db} goes, or -1 if it is not restored. */
    int map(int db) {
        if (sourceDb != null && db != sourceDb) {
            return -1;
        }
        return targetDb != null ? targetDb : db;
    }
}
