package com.textloom.backup.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Generates file trees with every odd case, compares trees byte for byte and metadata, and deletes them. Part of the
 * repository's test jar: the other modules' tests use it instead of their own copies.
 */
public final class TestTrees {
    private TestTrees() {}

    /** Writes {@code size} pseudo-random bytes (half compressible text, half noise) to {@code p}. */
    public static void writeFile(Path p, long size, long seed) throws IOException {
        Random r = new Random(seed);
        byte[] buf = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(p)) {
            long left = size;
            boolean text = true;
            while (left > 0) {
                int n = (int) Math.min(buf.length, left);
                if (text) {
                    for (int i = 0; i < n; i++) {
                        buf[i] = (byte) ("the quick brown fox jumps over the lazy dog ".charAt(r.nextInt(44)));
                    }
                } else {
                    r.nextBytes(buf);
                }
                out.write(buf, 0, n);
                left -= n;
                text = !text;
            }
        }
    }

    /** A tree with every case the issue names. Returns the root. */
    public static Path oddTree(Path root, long bigFileSize) throws IOException {
        Files.createDirectories(root);
        Path docs = Files.createDirectories(root.resolve("docs"));
        writeFile(docs.resolve("readme.txt"), 10_000, 1);
        writeFile(docs.resolve("copy-of-readme.txt"), 10_000, 1);
        Files.createDirectories(root.resolve("empty-dir"));
        Files.createDirectories(root.resolve("a/b/c/d"));
        writeFile(root.resolve("a/b/c/d/deep.json"), 3_000, 2);
        Files.createFile(root.resolve("empty-file"));
        Path utf = Files.createDirectories(root.resolve("名前 with spaces ✓"));
        writeFile(utf.resolve("файл-😀.txt"), 777, 3);
        writeFile(utf.resolve("new\nline"), 5, 4);
        writeFile(root.resolve("big.bin"), bigFileSize, 5);
        Path exe = root.resolve("run.sh");
        writeFile(exe, 100, 6);
        Files.setAttribute(exe, "unix:mode", 0755);
        Path ro = root.resolve("read-only");
        writeFile(ro, 50, 7);
        Files.setAttribute(ro, "unix:mode", 0444);
        Path setuid = root.resolve("setuid-bit");
        writeFile(setuid, 20, 8);
        Files.setAttribute(setuid, "unix:mode", 04750);
        Files.createSymbolicLink(root.resolve("link-to-readme"), Paths.get("docs/readme.txt"));
        Files.createSymbolicLink(docs.resolve("link-up"), Paths.get("../run.sh"));
        Files.createSymbolicLink(root.resolve("dangling"), Paths.get("does-not-exist"));
        Files.createSymbolicLink(root.resolve("escaping-abs"), Paths.get("/etc/passwd"));
        Files.createSymbolicLink(root.resolve("escaping-rel"), Paths.get("../../outside"));
        Files.createLink(root.resolve("hardlink-1"), docs.resolve("readme.txt"));
        Files.createLink(root.resolve("a/hardlink-2"), docs.resolve("readme.txt"));
        Files.setLastModifiedTime(
                docs.resolve("readme.txt"), FileTime.from(1_234_567_890_123_456_789L, TimeUnit.NANOSECONDS));
        Files.setLastModifiedTime(root.resolve("empty-file"), FileTime.from(946_684_800L, TimeUnit.SECONDS));
        Files.setLastModifiedTime(root.resolve("a/b"), FileTime.from(1_000_000_000L, TimeUnit.SECONDS));
        Files.setAttribute(root.resolve("empty-dir"), "unix:mode", 0750);
        return root;
    }

    /** Relative paths of everything under root, sorted. */
    public static List<String> list(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> !p.equals(root))
                    .forEach(p -> out.add(root.relativize(p).toString()));
        }
        out.sort(null);
        return out;
    }

    /**
     * Asserts that {@code actual} equals {@code expected}: same entries except {@code missing},
     * same types, bytes, modes, mtimes (files, dirs), symlink targets and hard-link groups.
     */
    public static void assertSameTree(Path expected, Path actual, List<String> missing) throws IOException {
        List<String> want = new ArrayList<>(list(expected));
        want.removeAll(missing);
        assertEquals(want, list(actual));
        for (String rel : want) {
            Path e = expected.resolve(rel);
            Path a = actual.resolve(rel);
            Map<String, Object> ea =
                    Files.readAttributes(e, "unix:mode,lastModifiedTime,nlink", LinkOption.NOFOLLOW_LINKS);
            Map<String, Object> aa =
                    Files.readAttributes(a, "unix:mode,lastModifiedTime,nlink", LinkOption.NOFOLLOW_LINKS);
            if (Files.isSymbolicLink(e)) {
                assertTrue(Files.isSymbolicLink(a), rel + " is a symlink");
                assertEquals(Files.readSymbolicLink(e), Files.readSymbolicLink(a), rel);
                continue;
            }
            assertEquals(
                    Integer.toOctalString((Integer) ea.get("mode")),
                    Integer.toOctalString((Integer) aa.get("mode")),
                    rel + " mode");
            assertEquals(ea.get("lastModifiedTime"), aa.get("lastModifiedTime"), rel + " mtime");
            if (Files.isRegularFile(e, LinkOption.NOFOLLOW_LINKS)) {
                assertEquals(Files.size(e), Files.size(a), rel + " size");
                assertEquals(-1L, Files.mismatch(e, a), rel + " content");
                assertEquals(ea.get("nlink"), aa.get("nlink"), rel + " hard links");
            }
        }
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static void assertBytes(byte[] a, byte[] b) {
        assertArrayEquals(a, b);
    }

    /** Deletes {@code root} and everything under it, links themselves and not what they point to; nothing when absent. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
