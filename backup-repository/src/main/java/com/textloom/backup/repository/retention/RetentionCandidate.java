package com.textloom.backup.repository.retention;

import com.textloom.backup.repository.SnapshotInfo;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What retention needs to know about one snapshot.
 *
 * @param id the snapshot id
 * @param time when the snapshot was taken; it decides the calendar buckets
 * @param tags the snapshot's tags (shown in dry runs; tiers like {@code daily} do not change the
 *     decision, the time does)
 * @param successful whether the backup succeeded; an unsuccessful snapshot never fills a bucket and
 *     is never the "newest successful" snapshot
 * @param group the snapshots a policy weighs this one against: only snapshots of the same group
 *     compete for a bucket (see {@link RetentionPlan}); for a repository snapshot, its component
 *     names ({@link #groupOf(SnapshotInfo)})
 */
public record RetentionCandidate(String id, Instant time, Set<String> tags, boolean successful, String group) {
    public RetentionCandidate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(group, "group");
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }

    /** A candidate in the one group {@code ""}. */
    public RetentionCandidate(String id, Instant time, Set<String> tags, boolean successful) {
        this(id, time, tags, successful, "");
    }

    /**
     * The group of a repository snapshot: its component names, sorted, comma-separated
     * ({@code database,logs,redis,workspace}). A Redis-only snapshot taken every few minutes is
     * thereby never weighed against a backup of every component: "7 daily" keeps seven days of each.
     * The host is not part of it (unlike restic's default {@code --group-by host,paths}): the
     * manager's pods get a new host name at every restart, and a group per old pod would each keep
     * its newest snapshot forever.
     */
    public static String groupOf(SnapshotInfo s) {
        return s.components().stream().map(c -> c.name()).sorted().collect(java.util.stream.Collectors.joining(","));
    }

    /**
     * A snapshot of the repository, in the group of its components. A listed snapshot is complete (it is written last), so it counts
     * as successful unless its metadata says {@code status=partial} or {@code status=failed} in any
     * component.
     */
    public static RetentionCandidate of(SnapshotInfo s) {
        boolean ok = s.components().stream()
                .map(c -> c.metadata().getOrDefault("status", "success"))
                .noneMatch(st -> st.equalsIgnoreCase("failed") || st.equalsIgnoreCase("partial"));
        return new RetentionCandidate(s.id(), s.time(), s.tags(), ok, groupOf(s));
    }
}
