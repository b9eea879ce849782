package com.textloom.backup.repository.pack;

import java.util.Arrays;
import java.util.HexFormat;

/** A blob id: 32 bytes of HMAC-SHA-256 (FORMAT.md §5). Immutable. */
public final class BlobId implements Comparable<BlobId> {
    private static final HexFormat HEX = HexFormat.of();
    private final byte[] bytes;
    private final int hash;

    private BlobId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    /** Wraps 32 bytes (not copied: the caller gives up the array). */
    public static BlobId of(byte[] bytes) {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("a blob id has 32 bytes, not " + bytes.length);
        }
        return new BlobId(bytes);
    }

    public static BlobId of(byte[] src, int off) {
        return new BlobId(Arrays.copyOfRange(src, off, off + 32));
    }

    public static BlobId parse(String hex) {
        if (hex == null || hex.length() != 64) {
            throw new IllegalArgumentException("a blob id is 64 hex characters: '" + hex + "'");
        }
        return new BlobId(HEX.parseHex(hex));
    }

    /** Copies the id into {@code dst} at {@code off}. */
    public void copyTo(byte[] dst, int off) {
        System.arraycopy(bytes, 0, dst, off, 32);
    }

    /** Whether the 32 bytes at {@code off} of {@code other} are this id. */
    public boolean equalsAt(byte[] other, int off) {
        return Arrays.equals(bytes, 0, 32, other, off, off + 32);
    }

    public String hex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlobId b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(BlobId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
