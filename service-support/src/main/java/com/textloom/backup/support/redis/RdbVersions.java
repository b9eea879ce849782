package com.textloom.backup.support.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * RDB format versions, shared by the manager (its RDB reader and restorer) and disaster recovery (its cold start):
 * the one table naming the Redis releases that write each version, and the version in an RDB file's header. A Redis
 * loads every RDB version up to the one it writes itself and refuses a newer one (an online {@code RESTORE} fails, a
 * server started on such a file exits).
 */
public final class RdbVersions {
    private RdbVersions() {}

    /** The oldest Redis release that writes RDB version {@code version}, for messages ("Redis 7.4 or 8.x"). */
    public static String writtenBy(int version) {
        return switch (version) {
            case 9 -> "Redis 5.0 to 6.2";
            case 10 -> "Redis 7.0";
            case 11 -> "Redis 7.2";
            case 12 -> "Redis 7.4 or 8.x";
            default -> version < 9 ? "Redis before 5.0" : "a Redis newer than 8.x";
        };
    }

    /**
     * The RDB version in {@code file}'s header ({@code REDIS0010} → 10), reading its first 9 bytes only; -1 when the
     * file is shorter or has no RDB header.
     *
     * @throws IOException when the file cannot be read (absent included)
     */
    public static int fileVersion(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            String head = new String(in.readNBytes(9), StandardCharsets.US_ASCII);
            return head.matches("REDIS\\d{4}") ? Integer.parseInt(head.substring(5)) : -1;
        }
    }
}
