package com.textloom.backup.repository;

/**
 * A blob or metadata file failed authentication or decoding: its bytes were changed (bit rot,
 * truncation, tampering, or a blob swapped for another). Names the blob and the pack holding it.
 */
public class CorruptBlobException extends RepositoryException {
    private final String blobId;
    private final String pack;

    /**
     * @param blobId the blob's id (hex) or the metadata file's name
     * @param pack the pack's name ({@code data/xx/...}), or {@code null} for a metadata file
     */
    public CorruptBlobException(String blobId, String pack, String reason) {
        super("corrupt blob " + blobId + (pack == null ? "" : " in pack " + pack) + ": " + reason);
        this.blobId = blobId;
        this.pack = pack;
    }

    public String blobId() {
        return blobId;
    }

    /** The pack holding the blob, or {@code null} for a metadata file. */
    public String pack() {
        return pack;
    }
}
