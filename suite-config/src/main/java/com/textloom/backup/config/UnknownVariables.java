package com.textloom.backup.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Finds names that look like the suite's variables ({@code BACKUP_*}, {@code MINIO_*}, {@code OBS_*},
 * {@code TEXTLOOM_*}) but are in no catalogue: a typo such as {@code BACKUP_DAILY_RETENTON_DAYS} would otherwise be
 * ignored without a word while the default applies. Each is reported with the closest known name (edit distance),
 * so the message says what was probably meant. Only names are looked at, never values.
 */
public final class UnknownVariables {

    /** What a variable of the suite is named like. */
    public static final Pattern SUITE_NAME = Pattern.compile("(BACKUP|MINIO|OBS|TEXTLOOM)_[A-Z0-9_]+");

    private UnknownVariables() {}

    /**
     * One name of the suite's form that no catalogue knows.
     *
     * @param name    the name as set
     * @param closest the known name nearest to it
     */
    public record Unknown(String name, String closest) {

        /** {@code BACKUP_DAILY_RETENTON_DAYS is not a variable of the suite and is ignored; did you mean ...?} */
        public String message(String source) {
            return name + " (set in " + source + ") is not a variable of the suite and is ignored; did you mean "
                    + closest + "?";
        }
    }

    /**
     * The names among {@code names} that have the suite's form but are not {@code known}, sorted, each with the
     * closest known name.
     */
    public static List<Unknown> find(Collection<String> names, Collection<String> known) {
        Set<String> knownSet = Set.copyOf(known);
        List<Unknown> out = new ArrayList<>();
        for (String name : new TreeSet<>(names)) {
            if (SUITE_NAME.matcher(name).matches() && !knownSet.contains(name)) {
                out.add(new Unknown(name, closest(name, new TreeSet<>(knownSet))));
            }
        }
        return out;
    }

    /** Every name of every catalogue on the class path, and the suite's environment-only names. */
    public static Set<String> knownNames(Collection<Variable> catalogued) {
        Set<String> all = new TreeSet<>();
        catalogued.forEach(v -> all.add(v.name()));
        SuiteVariables.environmentOnly().forEach(v -> all.add(v.name()));
        return all;
    }

    private static String closest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
