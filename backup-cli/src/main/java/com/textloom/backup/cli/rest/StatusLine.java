package com.textloom.backup.cli.rest;

import java.io.PrintStream;

/**
 * One line of progress redrawn in place on standard error when that is a terminal; nothing at all
 * otherwise, so logs and pipes get results only. Not thread-safe: one command's thread draws.
 */
public final class StatusLine {
    private static final String ERASE = "\r\033[K";

    private final PrintStream err;
    private final boolean enabled;
    private boolean shown;

    /**
     * @param err standard error
     * @param enabled whether to draw: standard error is a terminal and the output is for a person
     */
    public StatusLine(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** Replaces the line with {@code text}. */
    public void draw(String text) {
        if (enabled) {
            err.print(ERASE + text);
            err.flush();
            shown = true;
        }
    }

    /** Prints {@code message} on a line of its own, terminal or not (the progress line is erased first). */
    public void warn(String message) {
        clear();
        err.println(message);
        err.flush();
    }

    /** Erases the line, so that what is printed next starts on a clean line. */
    public void clear() {
        if (shown) {
            err.print(ERASE);
            err.flush();
            shown = false;
        }
    }
}
