package com.textloom.backup.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Compares two directory trees: the same relative paths, the same kinds (file, directory, link), every file
 * byte for byte (streamed, {@link Files#mismatch}), and the owner's permissions; a restore outside the live data
 * leaves nothing readable by group or others (issue 11 item 10), so the restored side must have no group or other
 * permission at all. Memory is independent of file sizes.
 */
final class TreeComparison {

    private static final Set<PosixFilePermission> OWNER = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private TreeComparison() {}

    /** Every difference, one line each; empty when the trees are equal. */
    static List<String> differences(Path expected, Path actual) throws IOException {
        List<String> diffs = new ArrayList<>();
        List<Path> a = paths(expected);
        List<Path> b = paths(actual);
        if (!a.equals(b)) {
            List<Path> missing = new ArrayList<>(a);
            missing.removeAll(b);
            List<Path> extra = new ArrayList<>(b);
            extra.removeAll(a);
            diffs.add("paths differ: missing " + missing + ", extra " + extra);
        }
        for (Path rel : a) {
            Path x = expected.resolve(rel);
            Path y = actual.resolve(rel);
            if (!Files.exists(y, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (Files.isSymbolicLink(x)) {
                if (!Files.isSymbolicLink(y) || !Files.readSymbolicLink(x).equals(Files.readSymbolicLink(y))) {
                    diffs.add(rel + ": link differs");
                }
            } else if (Files.isRegularFile(x, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isRegularFile(y, LinkOption.NOFOLLOW_LINKS)) {
                    diffs.add(rel + ": not a file");
                } else if (Files.mismatch(x, y) != -1) {
                    diffs.add(rel + ": bytes differ at offset " + Files.mismatch(x, y));
                }
            } else if (!Files.isDirectory(y, LinkOption.NOFOLLOW_LINKS)) {
                diffs.add(rel + ": not a directory");
            }
            if (!Files.isSymbolicLink(x)) {
                Set<PosixFilePermission> wanted = EnumSet.noneOf(PosixFilePermission.class);
                Files.getPosixFilePermissions(x).stream()
                        .filter(OWNER::contains)
                        .forEach(wanted::add);
                Set<PosixFilePermission> got = Files.getPosixFilePermissions(y, LinkOption.NOFOLLOW_LINKS);
                if (!wanted.equals(got)) {
                    diffs.add(rel + ": permissions " + got + ", expected the owner's " + wanted + " and nothing else");
                }
            }
        }
        return diffs;
    }

    private static List<Path> paths(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(root::relativize)
                    .filter(p -> !p.toString().isEmpty())
                    .sorted()
                    .toList();
        }
    }
}
