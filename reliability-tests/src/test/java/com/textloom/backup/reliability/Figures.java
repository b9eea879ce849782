package com.textloom.backup.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of this run, one row per scenario: faults injected, survived (every check after it passed), data
 * lost (a backup reported successful that did not restore, or a repository verify could not explain). Rewritten to
 * {@code target/reliability/figures.md} after each row and printed, so a run that stops halfway still leaves what it
 * measured.
 */
final class Figures {
    private static final Path FILE =
            Path.of("target", "reliability", "figures.md").toAbsolutePath();
    private static final List<String> ROWS = new ArrayList<>();

    private Figures() {}

    /** Records a scenario's figures; {@code notes} says what was checked and any finding. */
    static synchronized void record(
            String scenario, int injected, int survived, int dataLost, long millis, String notes) {
        String row = "| " + scenario + " | " + injected + " | " + survived + " | " + dataLost + " | "
                + String.format("%.1f", millis / 1000.0) + " | "
                + notes.replace("|", "/").replace("\n", " ") + " |";
        ROWS.add(row);
        System.out.println("reliability: " + row);
        StringBuilder text = new StringBuilder("# Reliability figures, seed ")
                .append(Seeds.seed())
                .append(
                        "\n\n| scenario | injected | survived | data lost | seconds | notes |\n|---|---|---|---|---|---|\n");
        ROWS.forEach(r -> text.append(r).append('\n'));
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
