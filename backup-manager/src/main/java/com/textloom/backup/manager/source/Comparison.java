package com.textloom.backup.manager.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The equality report after a restore: for every figure recorded at backup time, the value
 * recomputed on the restored copy and whether both are equal.
 */
public record Comparison(List<Entry> entries) {

    /** One compared figure; {@code actual} is null when the restored copy lacks it. */
    public record Entry(String name, String expected, String actual, boolean equal) {}

    public Comparison {
        entries = List.copyOf(entries);
    }

    /** Compares two figure maps key by key; a key present on only one side is unequal. */
    public static Comparison of(Map<String, String> expected, Map<String, String> actual) {
        TreeSet<String> names = new TreeSet<>(expected.keySet());
        names.addAll(actual.keySet());
        List<Entry> out = new ArrayList<>();
        for (String n : names) {
            String e = expected.get(n);
            String a = actual.get(n);
            out.add(new Entry(n, e, a, e != null && e.equals(a)));
        }
        return new Comparison(out);
    }

    public boolean allEqual() {
        return entries.stream().allMatch(Entry::equal);
    }

    public List<Entry> differences() {
        return entries.stream().filter(e -> !e.equal()).toList();
    }
}
