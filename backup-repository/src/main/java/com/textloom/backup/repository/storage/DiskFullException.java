package com.textloom.backup.repository.storage;

/**
 * The medium ran out of space (ENOSPC, a quota, an object store's "entity too large" for the
 * bucket). The put that raised it left nothing behind: the repository stays consistent and the
 * operation can be run again once space is freed.
 */
public class DiskFullException extends StorageException {
    public DiskFullException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code e} (or a cause) is the operating system's "no space left on device". */
    public static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }
}
