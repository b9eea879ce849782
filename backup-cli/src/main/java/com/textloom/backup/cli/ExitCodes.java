package com.textloom.backup.cli;

/** The exit codes of {@code textloom-backup}, as documented in {@code --help} and the README. */
public final class ExitCodes {
    /** The command did what was asked; verify found no damage. */
    public static final int OK = 0;
    /**
     * The command could not run: bad input, manager, repository or backend unreachable, request
     * refused, wrong key, repository locked by another process, lost lock, disk full; or the operation
     * it waited for failed.
     */
    public static final int FAILED = 1;
    /** The operation ran, but only partly succeeded: some components failed (backup, restore). */
    public static final int PARTIAL = 2;
    /**
     * {@code verify} ran to the end and found damaged or missing data; {@code restore}: the restored
     * data differs from the backup.
     */
    public static final int DAMAGE_FOUND = 3;
    /**
     * {@code assess}, {@code recover}, {@code drill} (the disaster-recovery contract): bad usage, an
     * unknown or missing option or value, or a request the service refused as bad (400: unknown
     * scenario or backup). Same number as {@link #PARTIAL}, which only the manager's commands use.
     */
    public static final int USAGE = 2;
    /** {@code assess}: the assessment is critical (some scenario needs recovering). */
    public static final int CRITICAL = 3;

    private ExitCodes() {}
}
