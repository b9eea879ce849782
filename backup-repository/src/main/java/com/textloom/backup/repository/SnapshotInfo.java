package com.textloom.backup.repository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A snapshot as listed by {@link Repository#snapshots()}.
 *
 * @param id 64 hex characters; {@link #shortId()} is the first 8
 * @param parent the parent snapshot id, or {@code null}
 */
public record SnapshotInfo(
        String id,
        Instant time,
        SnapshotType type,
        Set<String> tags,
        String parent,
        String host,
        List<ComponentInfo> components) {
    public SnapshotInfo {
        tags = Set.copyOf(tags);
        components = List.copyOf(components);
    }

    public String shortId() {
        return id.substring(0, 8);
    }

    public Optional<ComponentInfo> component(String name) {
        return components.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Sum of the components' logical bytes. */
    public long totalBytes() {
        return components.stream().mapToLong(ComponentInfo::bytes).sum();
    }
}
