package com.textloom.backup.monitor.probe;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Disk usage of the file system holding a directory, computed as {@code df} does:
 * used / (used + available) where used = total - free.
 *
 * @param path        the directory measured
 * @param totalBytes  size of the file system
 * @param usedBytes   bytes in use
 * @param usedPercent used / (used + available) * 100
 * @param error       why it could not be measured, null when it was
 */
public record DiskUsage(String path, long totalBytes, long usedBytes, double usedPercent, String error) {

    /** Measures the file system of {@code dir} (the nearest existing parent if it does not exist yet). */
    public static DiskUsage of(Path dir) {
        Path p = dir.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return new DiskUsage(dir.toString(), 0, 0, 0, "no such directory");
        }
        try {
            FileStore store = Files.getFileStore(p);
            long total = store.getTotalSpace();
            long free = store.getUnallocatedSpace();
            long available = store.getUsableSpace();
            long used = total - free;
            double percent = used + available == 0 ? 0 : 100.0 * used / (used + available);
            return new DiskUsage(dir.toString(), total, used, Math.round(percent * 10) / 10.0, null);
        } catch (IOException e) {
            return new DiskUsage(dir.toString(), 0, 0, 0, e.getMessage());
        }
    }
}
