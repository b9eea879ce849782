package com.textloom.backup.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

/**
 * The CLI tests' tree: nested dirs, odd names, modes, a symlink (the comparison is the repository test jar's
 * {@code TestTrees.assertSameTree}).
 */
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

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
