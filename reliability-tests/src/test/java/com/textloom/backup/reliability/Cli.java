package com.textloom.backup.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.TextloomBackup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The break-glass command line ({@code bin/textloom-backup}) run in-process with an environment of the caller's
 * only: what an operator runs after a fault ({@code repo verify --read-data}, {@code repo snapshots},
 * {@code repo restore}).
 */
final class Cli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env;

    Cli(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** One run: exit code and output. */
    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + this, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = TextloomBackup.execute(
                    new CliContext(env, new ByteArrayInputStream(new byte[0]), o, e, false), args);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code repo verify --read-data --repo repo}: every blob downloaded, decrypted and authenticated. */
    Run verifyReadData(String repo) {
        return run("repo", "verify", "--repo", repo, "--read-data");
    }

    /** The snapshots of {@code repo} ({@code repo snapshots --json}), oldest first. */
    List<JsonNode> snapshots(String repo) {
        Run r = run("repo", "snapshots", "--repo", repo, "--json");
        if (r.exit() != 0) {
            throw new AssertionError("repo snapshots failed: " + r);
        }
        List<JsonNode> out = new ArrayList<>();
        r.json().forEach(out::add);
        return out;
    }
}
