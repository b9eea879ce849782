package com.textloom.backup.repository;

import java.time.Duration;

/**
 * How prune works.
 *
 * @param dryRun compute and report, change nothing
 * @param safetyMargin packs written less than this long ago and not yet in any index are never
 *     deleted (they may belong to a backup running meanwhile)
 * @param repackThreshold a pack whose unused bytes exceed this fraction of its size is repacked
 *     (its used blobs copied into new packs, then it is deleted)
 */
public record PruneOptions(boolean dryRun, Duration safetyMargin, double repackThreshold) {
    public PruneOptions {
        if (safetyMargin == null || safetyMargin.isNegative()) {
            throw new IllegalArgumentException("safety margin must be zero or positive");
        }
        if (repackThreshold < 0 || repackThreshold > 1) {
            throw new IllegalArgumentException("repack threshold must be within 0..1: " + repackThreshold);
        }
    }

    public static PruneOptions defaults() {
        return new PruneOptions(false, Duration.ofHours(1), 0.5);
    }

    public PruneOptions withDryRun(boolean v) {
        return new PruneOptions(v, safetyMargin, repackThreshold);
    }

    public PruneOptions withSafetyMargin(Duration d) {
        return new PruneOptions(dryRun, d, repackThreshold);
    }
}
