package com.textloom.backup.repository.copy;

import java.util.Set;

/**
 * What {@link RepositoryCopy} copies and how.
 *
 * @param snapshots the ids of the snapshots to copy; empty copies every snapshot. Packs, index
 *     files, keys and the config are copied whole either way (packs are shared between snapshots
 *     by deduplication); {@code prune} at the destination removes what its snapshots do not use.
 * @param parallelism blobs transferred at the same time (≥ 1), e.g. {@code BACKUP_PARALLEL_JOBS}
 * @param listener told about each blob as it is copied or skipped
 */
public record CopyOptions(Set<String> snapshots, int parallelism, CopyListener listener) {

    public CopyOptions {
        snapshots = snapshots == null ? Set.of() : Set.copyOf(snapshots);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        if (listener == null) {
            listener = CopyListener.NONE;
        }
    }

    /** Every snapshot, 4 transfers at a time, no listener. */
    public static CopyOptions defaults() {
        return new CopyOptions(Set.of(), 4, CopyListener.NONE);
    }

    public CopyOptions withSnapshots(Set<String> ids) {
        return new CopyOptions(ids, parallelism, listener);
    }

    public CopyOptions withParallelism(int transfers) {
        return new CopyOptions(snapshots, transfers, listener);
    }

    public CopyOptions withListener(CopyListener l) {
        return new CopyOptions(snapshots, parallelism, l);
    }
}
