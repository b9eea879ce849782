package com.textloom.backup.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs {@code textloom-backup} in-process with its own environment and captured streams; with a
 * {@link #workingDir}, variables are looked up as in a real run: the environment, then that
 * directory's {@code .env.backup}.
 */
final class CliRunner {
    final Map<String, String> env = new HashMap<>();
    /** Where {@code .env.backup} is looked for; {@code null}: the environment alone. */
    Path workingDir;
    /** Whether the run's standard error counts as a terminal (progress is drawn there). */
    boolean errIsTerminal;

    /** What one run printed and returned. */
    record Result(int exit, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out() + "\n--- stderr\n" + stderr;
        }
    }

    Result run(String... args) {
        return runWithInput(new ByteArrayInputStream(new byte[0]), args);
    }

    Result runWithInput(InputStream in, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            CliContext ctx = workingDir == null
                    ? new CliContext(Map.copyOf(env), in, o, e, errIsTerminal)
                    : CliContext.of(env, workingDir, in, o, e, errIsTerminal);
            int code = TextloomBackup.execute(ctx, args);
            o.flush();
            return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
        }
    }
}
