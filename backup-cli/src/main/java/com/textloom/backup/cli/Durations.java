package com.textloom.backup.cli;

import java.util.Locale;

/** Durations for people: {@code 0.4 s}, {@code 2 min 5 s}, {@code 1 h 30 min}. */
public final class Durations {
    private Durations() {}

    /**
     * {@code millis} in the largest fitting units: tenths of seconds under a minute, minutes and
     * seconds under an hour, hours and minutes beyond; zero parts are left out ({@code 30 min}).
     */
    public static String human(long millis) {
        if (millis == 0) {
            return "0 s";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return seconds % 60 == 0 ? seconds / 60 + " min" : seconds / 60 + " min " + seconds % 60 + " s";
        }
        long minutes = seconds / 60;
        return minutes % 60 == 0 ? minutes / 60 + " h" : minutes / 60 + " h " + minutes % 60 + " min";
    }
}
