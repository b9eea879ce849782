package com.textloom.backup.repository;

/**
 * How to restore.
 *
 * @param overwrite replace existing files in the target (otherwise an existing file is an error)
 * @param restoreOwnership set owner uid/gid (only works as root; {@link #defaults()} enables it
 *     when running as root)
 * @param allowEscapingSymlinks restore symlinks whose target points outside the restore target;
 *     by default they are skipped and reported (they are never followed either way)
 */
public record RestoreOptions(boolean overwrite, boolean restoreOwnership, boolean allowEscapingSymlinks) {

    public static RestoreOptions defaults() {
        return new RestoreOptions(true, "root".equals(System.getProperty("user.name")), false);
    }

    public RestoreOptions withOverwrite(boolean v) {
        return new RestoreOptions(v, restoreOwnership, allowEscapingSymlinks);
    }

    public RestoreOptions withAllowEscapingSymlinks(boolean v) {
        return new RestoreOptions(overwrite, restoreOwnership, v);
    }
}
