package com.textloom.backup.manager.backup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Backup ids in the guide's form, {@code 20250820_120000} (UTC), unique within this manager: two
 * ids asked for in the same second get consecutive seconds.
 */
public final class BackupIds {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern VALID = Pattern.compile("\\d{8}_\\d{6}");

    private long lastSecond;

    /** A new id for a backup requested at {@code at}. */
    public synchronized String next(Instant at) {
        long s = Math.max(at.getEpochSecond(), lastSecond + 1);
        lastSecond = s;
        return FORMAT.format(Instant.ofEpochSecond(s));
    }

    /** The id a request without one gets: derived from its time, so every instance derives the same. */
    public static String of(Instant at) {
        return FORMAT.format(at);
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
