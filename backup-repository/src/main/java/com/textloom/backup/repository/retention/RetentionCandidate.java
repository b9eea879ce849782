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
 */
public record RetentionCandidate(String id, Instant time, Set<String> tags, boolean successful) {
  public RetentionCandidate {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    tags = tags == null ? Set.of() : Set.copyOf(tags);
  }

  /**
   * A snapshot of the repository. A listed snapshot is complete (it is written last), so it counts
   * as successful unless its metadata says {@code status=partial} or {@code status=failed} in any
   * component.
   */
  public static RetentionCandidate of(SnapshotInfo s) {
    boolean ok = s.components().stream()
        .map(c -> c.metadata().getOrDefault("status", "success"))
        .noneMatch(st -> st.equalsIgnoreCase("failed") || st.equalsIgnoreCase("partial"));
    return new RetentionCandidate(s.id(), s.time(), s.tags(), ok);
  }
}
