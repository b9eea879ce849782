package com.textloom.backup.cli;

import java.util.Locale;

/** Byte counts for people: {@code 1.5 GiB}. */
public final class Sizes {
    private Sizes() {}

    /** {@code bytes} with a binary unit, one decimal: {@code 512 B}, {@code 1.5 GiB}. */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
