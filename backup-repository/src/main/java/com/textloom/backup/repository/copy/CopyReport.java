package com.textloom.backup.repository.copy;

import java.time.Duration;
import java.util.List;

/**
 * What a copy did.
 *
 * @param blobsCopied blobs transferred
 * @param bytesCopied their bytes
 * @param blobsSkipped blobs already at the destination with the same size
 * @param bytesSkipped their bytes
 * @param snapshotsCopied ids of the snapshots transferred (not those already there)
 * @param elapsed wall time
 */
public record CopyReport(
        long blobsCopied,
        long bytesCopied,
        long blobsSkipped,
        long bytesSkipped,
        List<String> snapshotsCopied,
        Duration elapsed) {

    /** Bytes per second transferred. */
    public double bytesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds == 0 ? 0 : bytesCopied / seconds;
    }
}
