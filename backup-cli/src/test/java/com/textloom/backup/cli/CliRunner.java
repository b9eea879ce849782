package com.textloom.backup.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Runs {@code textloom-backup} in-process with its own environment and captured streams. */
final class CliRunner {
  final Map<String, String> env = new HashMap<>();

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
      int code = TextloomBackup.execute(new CliContext(Map.copyOf(env), in, o, e, false), args);
      o.flush();
      return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }
  }
}
