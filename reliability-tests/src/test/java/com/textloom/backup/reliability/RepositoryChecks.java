package com.textloom.backup.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** What an operator checks after a fault, through the break-glass command line. */
final class RepositoryChecks {
    private final Cli cli;

    RepositoryChecks(Cli cli) {
        this.cli = cli;
    }

    /** The snapshot tagged {@code tag} ({@code backup:<id>}, {@code request:<id>}), if any; fails if several. */
    Optional<JsonNode> snapshotTagged(String repo, String tag) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode s : cli.snapshots(repo)) {
            for (JsonNode t : s.path("tags")) {
                if (t.asText().equals(tag)) {
                    found.add(s);
                }
            }
        }
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " snapshots tagged " + tag + " (run twice): " + found);
        }
        return found.stream().findFirst();
    }

    /**
     * Restores the {@code component} of {@code snapshotId} into a new directory under {@code scratch} and returns
     * its {@link TreeDigest}; the directory is deleted afterwards.
     */
    String restoredDigest(String repo, String snapshotId, String component, Path scratch) {
        Path target = scratch.resolve("check-" + snapshotId.substring(0, 12) + "-" + System.nanoTime());
        try {
            Cli.Run r = cli.run(
                    "repo",
                    "restore",
                    "--repo",
                    repo,
                    snapshotId,
                    "--target",
                    target.toString(),
                    "--component",
                    component);
            if (r.exit() != 0) {
                return "restore failed: " + r;
            }
            return TreeDigest.of(target);
        } finally {
            deleteTree(target);
        }
    }

    /**
     * The lock files in {@code repository}'s {@code locks/} whose holder process is gone (a killed process's), as
     * {@code "<kind> lock of dead pid <pid>"}. Read only: removing them is the repository's own job (FORMAT.md §9
     * "Dead holder"), which is what the kill scenarios measure.
     */
    static List<String> locksOfGoneProcesses(Path repository) throws IOException {
        List<String> found = new ArrayList<>();
        Path locks = repository.resolve("locks");
        if (!Files.isDirectory(locks)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(locks)) {
            for (Path f : files) {
                JsonNode lock;
                try {
                    lock = JsonHttp.JSON.readTree(f.toFile());
                } catch (IOException removedOrPartial) {
                    continue;
                }
                long pid = lock.path("pid").asLong(-1);
                if (pid > 0 && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                    found.add(lock.path("kind").asText() + " lock of dead pid " + pid);
                }
            }
        }
        return found;
    }

    /** The exclusive ones among {@link #locksOfGoneProcesses}: any other lock taken after them must remove them. */
    static List<String> exclusiveLocksOfGoneProcesses(Path repository) throws IOException {
        return locksOfGoneProcesses(repository).stream()
                .filter(l -> l.startsWith("exclusive "))
                .toList();
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
