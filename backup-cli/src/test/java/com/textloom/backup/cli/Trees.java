package com.textloom.backup.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Test trees: a generated tree with the odd cases, and a byte-for-byte comparison. */
final class Trees {
  private Trees() {}

  /** Nested dirs, an empty file and dir, a 3 MB random file, a symlink, a non-ASCII name, modes. */
  static void generate(Path root, long seed) throws IOException {
    Random rnd = new Random(seed);
    Files.createDirectories(root.resolve("docs/nested/deeper"));
    Files.createDirectories(root.resolve("empty-dir"));
    Files.writeString(root.resolve("docs/readme.txt"), "hello TextLoom\n".repeat(200));
    Files.writeString(root.resolve("docs/nested/数据-ü.json"), "{\"k\": 1}\n");
    Files.write(root.resolve("docs/nested/deeper/empty"), new byte[0]);
    byte[] big = new byte[3_000_000];
    rnd.nextBytes(big);
    Files.write(root.resolve("media.bin"), big);
    Path script = root.resolve("run.sh");
    Files.writeString(script, "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
    Files.createSymbolicLink(root.resolve("link-to-readme"), Path.of("docs/readme.txt"));
  }

  /** Asserts both trees hold the same paths, types, bytes, symlink targets and permissions. */
  static void assertSame(Path expected, Path actual) throws IOException {
    List<Path> a = list(expected);
    List<Path> b = list(actual);
    assertEquals(a.stream().map(Path::toString).toList(), b.stream().map(Path::toString).toList());
    for (Path rel : a) {
      Path x = expected.resolve(rel);
      Path y = actual.resolve(rel);
      if (Files.isSymbolicLink(x)) {
        assertEquals(Files.readSymbolicLink(x), Files.readSymbolicLink(y), rel.toString());
      } else if (Files.isRegularFile(x, LinkOption.NOFOLLOW_LINKS)) {
        assertArrayEquals(Files.readAllBytes(x), Files.readAllBytes(y), rel.toString());
        assertEquals(Files.getPosixFilePermissions(x), Files.getPosixFilePermissions(y),
            rel.toString());
        assertEquals(Files.getLastModifiedTime(x).toMillis() / 1000,
            Files.getLastModifiedTime(y).toMillis() / 1000, rel + " mtime");
      } else {
        assertEquals(Files.isDirectory(x, LinkOption.NOFOLLOW_LINKS),
            Files.isDirectory(y, LinkOption.NOFOLLOW_LINKS), rel.toString());
      }
    }
  }

  private static List<Path> list(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.map(root::relativize).filter(p -> !p.toString().isEmpty()).sorted().toList();
    }
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
