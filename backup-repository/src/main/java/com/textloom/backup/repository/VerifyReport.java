package com.textloom.backup.repository;

import java.util.List;

/**
 * The result of {@link Repository#verify}: clean when {@link #ok()}.
 *
 * @param damaged every damaged or missing blob, with its pack and the snapshots that need it
 * @param errors other problems found (unreadable index or snapshot, missing pack), one line each
 * @param packsRead packs whose data was read (all of {@code packsChecked} with read-data of every
 *     pack, the sample with a read-data percentage, 0 without read-data)
 */
public record VerifyReport(
        boolean readData,
        int snapshotsChecked,
        long packsChecked,
        long blobsChecked,
        long bytesRead,
        List<DamagedBlob> damaged,
        List<String> errors,
        long packsRead) {

    public VerifyReport {
        damaged = List.copyOf(damaged);
        errors = List.copyOf(errors);
    }

    /** Whether nothing is damaged or missing. */
    public boolean ok() {
        return damaged.isEmpty() && errors.isEmpty();
    }

    /**
     * A copy of a blob that failed to authenticate or decode, or is missing. A blob with several
     * indexed copies has one entry per damaged copy.
     *
     * @param blobId hex id
     * @param type {@code data} or {@code tree}
     * @param pack pack name ({@code data/xx/...}) of the damaged copy, or {@code null} when the blob
     *     is in no pack
     * @param problem what is wrong (ends with "still readable from its copy in PACK" when
     *     {@code readableFrom} is set)
     * @param snapshots ids of the snapshots that need this blob
     * @param readableFrom the pack of another copy of the blob that checked good (reads use it), or
     *     {@code null} when no copy is known good: the blob is lost
     */
    public record DamagedBlob(
            String blobId, String type, String pack, String problem, List<String> snapshots, String readableFrom) {
        public DamagedBlob {
            snapshots = List.copyOf(snapshots);
        }

        /** A damaged blob with no good copy known. */
        public DamagedBlob(String blobId, String type, String pack, String problem, List<String> snapshots) {
            this(blobId, type, pack, problem, snapshots, null);
        }

        /** Whether another copy checked good, so the blob is still readable. */
        public boolean recoverable() {
            return readableFrom != null;
        }
    }
}
