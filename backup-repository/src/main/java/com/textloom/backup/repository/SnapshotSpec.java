package com.textloom.backup.repository;

import java.time.Instant;
import java.util.Set;

/**
 * What a new snapshot should be.
 *
 * @param type full or incremental
 * @param tags tier tags ({@code daily}, {@code weekly}, {@code monthly}) and any other labels
 * @param parent the parent snapshot id (or unique prefix) for an incremental snapshot; {@code null}
 *     picks the newest snapshot holding a component of the same name
 * @param host the host recorded; {@code null} uses {@link RepositoryOptions#host()}
 * @param time the snapshot time; {@code null} is now
 */
public record SnapshotSpec(SnapshotType type, Set<String> tags, String parent, String host, Instant time) {
    public SnapshotSpec {
        if (type == null) {
            throw new IllegalArgumentException("snapshot type is required");
        }
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        for (String t : tags) {
            if (t.isBlank() || t.length() > 128) {
                throw new IllegalArgumentException("invalid snapshot tag: '" + t + "'");
            }
        }
    }

    public static SnapshotSpec full() {
        return new SnapshotSpec(SnapshotType.FULL, Set.of(), null, null, null);
    }

    public static SnapshotSpec incremental() {
        return new SnapshotSpec(SnapshotType.INCREMENTAL, Set.of(), null, null, null);
    }

    public SnapshotSpec withTags(String... t) {
        return new SnapshotSpec(type, Set.of(t), parent, host, time);
    }

    public SnapshotSpec withParent(String p) {
        return new SnapshotSpec(type, tags, p, host, time);
    }

    public SnapshotSpec withHost(String h) {
        return new SnapshotSpec(type, tags, parent, h, time);
    }

    public SnapshotSpec withTime(Instant t) {
        return new SnapshotSpec(type, tags, parent, host, t);
    }
}
