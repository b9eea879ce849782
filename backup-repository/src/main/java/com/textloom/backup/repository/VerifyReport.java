package com.textloom.backup.repository;

import java.util.List;

/**
 * The result of {@link Repository#verify}: clean when {@link #ok()}.
 *
 * @param damaged every damaged or missing blob, with its pack and the snapshots that need it
 * @param errors other problems found (unreadable index or snapshot, missing pack), one line each
 */
public record VerifyReport(boolean readData, int snapshotsChecked, long packsChecked,
    long blobsChecked, long bytesRead, List<DamagedBlob> damaged, List<String> errors) {

  public VerifyReport {
    damaged = List.copyOf(damaged);
    errors = List.copyOf(errors);
  }

  /** Whether nothing is damaged or missing. */
  public boolean ok() {
    return damaged.isEmpty() && errors.isEmpty();
  }

  /**
   * A blob that failed to authenticate or decode, or is missing.
   *
   * @param blobId hex id
   * @param type {@code data} or {@code tree}
   * @param pack pack name ({@code data/xx/...}), or {@code null} when the blob is in no pack
   * @param problem what is wrong
   * @param snapshots ids of the snapshots that need this blob
   */
  public record DamagedBlob(String blobId, String type, String pack, String problem,
      List<String> snapshots) {
    public DamagedBlob {
      snapshots = List.copyOf(snapshots);
    }
  }
}
