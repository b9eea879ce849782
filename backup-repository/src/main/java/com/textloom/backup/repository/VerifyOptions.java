package com.textloom.backup.repository;

import java.util.Set;

/**
 * What verify checks.
 *
 * @param readData download, decrypt and authenticate every blob (otherwise: structure, index,
 *     every referenced blob exists)
 * @param snapshots restrict to these snapshot ids or prefixes; empty means all
 */
public record VerifyOptions(boolean readData, Set<String> snapshots) {
  public VerifyOptions {
    snapshots = snapshots == null ? Set.of() : Set.copyOf(snapshots);
  }

  public static VerifyOptions quick() {
    return new VerifyOptions(false, Set.of());
  }

  public static VerifyOptions readAllData() {
    return new VerifyOptions(true, Set.of());
  }
}
