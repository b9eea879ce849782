package com.textloom.backup.recovery.recover;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/** The application's files for the recovery tests: a workspace and a log directory, and a fingerprint of a tree. */
final class TextloomFiles {

    private TextloomFiles() {}

    /** Creates {@code root/workspace} and {@code root/logs} with a few files (UTF-8 names, binary, empty, gzip). */
    static void fill(Path root) throws IOException {
        Path ws = Files.createDirectories(root.resolve("workspace/projects/p1/chapters"));
        Files.writeString(ws.resolve("01-开始.md"), "# 第一章\n".repeat(300));
        Files.write(root.resolve("workspace/projects/p1/empty.txt"), new byte[0]);
        byte[] blob = new byte[300_000];
        new Random(9).nextBytes(blob);
        Files.write(root.resolve("workspace/projects/p1/cover.bin"), blob);
        Path logs = Files.createDirectories(root.resolve("logs"));
        Files.writeString(logs.resolve("textloom.log"), "2025-08-20 12:00:00 INFO started\n".repeat(100));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(logs.resolve("textloom.log.1.gz")))) {
            out.write("older\n".repeat(500).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Relative path → sha256 of every regular file under {@code dir}. */
    static Map<String, String> fingerprint(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        List<Path> files;
        try (var walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(f)) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            }
            out.put(dir.relativize(f).toString(), HexFormat.of().formatHex(md.digest()));
        }
        return out;
    }
}
