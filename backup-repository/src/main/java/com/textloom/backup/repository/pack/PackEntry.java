package com.textloom.backup.repository.pack;

/**
 * One blob in a pack.
 *
 * @param offset where its sealed box starts in the pack
 * @param length bytes of the sealed box
 * @param rawLength bytes of the blob's plaintext before encoding (the chunk's length)
 */
public record PackEntry(BlobType type, BlobId id, int offset, int length, int rawLength) {}
