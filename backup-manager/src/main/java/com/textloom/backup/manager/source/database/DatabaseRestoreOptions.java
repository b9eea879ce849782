package com.textloom.backup.manager.source.database;

/**
 * How to restore the {@code database} component.
 *
 * @param targetDatabase the database to restore into; it must not exist unless {@code inPlace}
 * @param inPlace        restore over the existing database {@code targetDatabase} (the live one):
 *                       objects in the dump are dropped and recreated in one transaction; the
 *                       caller takes a safety backup before asking for this
 * @param jobs           {@code pg_restore --jobs}; above 1 the dump is first spooled to a private
 *                       file in {@code spool}, since pg_restore cannot restore in parallel from a pipe
 * @param restoreGlobals also replay roles and grants ({@code pg_dumpall --globals-only}) on the
 *                       server; existing roles are left as they are
 * @param spool          where the dump is spooled for {@code jobs} above 1
 */
public record DatabaseRestoreOptions(
        String targetDatabase, boolean inPlace, int jobs, boolean restoreGlobals, RestoreSpool spool) {

    /** Options whose spool is a fresh private temporary directory ({@link RestoreSpool#temporary()}). */
    public DatabaseRestoreOptions(String targetDatabase, boolean inPlace, int jobs, boolean restoreGlobals) {
        this(targetDatabase, inPlace, jobs, restoreGlobals, RestoreSpool.temporary());
    }

    public DatabaseRestoreOptions {
        if (spool == null) {
            spool = RestoreSpool.temporary();
        }
        if (targetDatabase == null || targetDatabase.isBlank()) {
            throw new IllegalArgumentException("target_database is required");
        }
        if (targetDatabase.length() > 63) {
            throw new IllegalArgumentException("target_database is longer than 63 bytes: " + targetDatabase);
        }
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1");
        }
        if (inPlace && jobs > 1) {
            jobs = 1; // an in-place restore runs in a single transaction, which pg_restore cannot parallelise
        }
    }
}
