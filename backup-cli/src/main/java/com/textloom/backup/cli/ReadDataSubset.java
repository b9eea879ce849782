package com.textloom.backup.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value of {@code --read-data-subset N%} (restic's spelling), read the same by {@code repo verify} and the
 * manager's {@code verify}: a whole percentage 0–100 followed by {@code %}.
 */
public final class ReadDataSubset {
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%");

    private ReadDataSubset() {}

    /**
     * The percentage {@code value} names.
     *
     * @throws IllegalArgumentException with the message a user reads (the option and what it takes)
     */
    public static int percent(String value) {
        Matcher m = PERCENT.matcher(value.trim());
        if (!m.matches() || Integer.parseInt(m.group(1)) > 100) {
            throw new IllegalArgumentException("--read-data-subset takes a percentage 0-100 like 15%, not " + value);
        }
        return Integer.parseInt(m.group(1));
    }
}
