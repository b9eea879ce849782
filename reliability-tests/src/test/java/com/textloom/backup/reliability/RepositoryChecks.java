package com.textloom.backup.reliability;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
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
            Cli.Run r = cli.run("repo", "restore", "--repo", repo, snapshotId, "--target", target.toString(),
                    "--component", component);
            if (r.exit() != 0) {
                return "restore failed: " + r;
            }
            return TreeDigest.of(target);
        } finally {
            deleteTree(target);
        }
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
