package com.textloom.backup.repository.crypto;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Ids of packs, index files, snapshots, key slots and locks: 24 random bytes followed by the
 * 8-byte big-endian creation time in Unix milliseconds, as 64 lowercase hex (FORMAT.md §1).
 * The time lets prune tell a young unindexed pack from an old leftover without reading it.
 */
public final class FileIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private FileIds() {}

    /** A new id created now. */
    public static String newId() {
        return newId(System.currentTimeMillis());
    }

    /** A new id with the given creation time. */
    public static String newId(long epochMillis) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        for (int i = 0; i < 8; i++) {
            b[24 + i] = (byte) (epochMillis >>> (56 - 8 * i));
        }
        return HEX.formatHex(b);
    }

    /** Whether {@code s} is 64 lowercase hex characters. */
    public static boolean isValid(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** The creation time carried by an id. */
    public static Instant createdAt(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("not a file id: '" + id + "'");
        }
        return Instant.ofEpochMilli(Long.parseUnsignedLong(id.substring(48), 16));
    }
}
