package com.textloom.backup.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the repository an earlier build wrote (format version 1) and restores its exact
 * content: if this fails, the format changed without a new version (FORMAT.md, "Changes").
 */
class GoldenRepositoryTest {
    @TempDir
    Path tmp;

    private Path copyOfGolden() throws Exception {
        Path golden = Paths.get(
                        getClass().getResource("/golden/repository/config").toURI())
                .getParent();
        Path copy = tmp.resolve("repo");
        try (Stream<Path> s = Files.walk(golden)) {
            for (Path p : s.toList()) {
                Path to = copy.resolve(golden.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return copy;
    }

    @Test
    void theGoldenRepositoryOfFormatVersion1RestoresItsExactContent() throws Exception {
        try (LocalBlobStore store = LocalBlobStore.open(copyOfGolden());
                Repository repo =
                        Repository.open(store, KeySource.key(GoldenRepository.KEY), RepositoryOptions.defaults())) {
            assertEquals(1, repo.config().version());
            List<SnapshotInfo> snapshots = repo.snapshots();
            assertEquals(1, snapshots.size());
            SnapshotInfo s = snapshots.get(0);
            assertEquals(GoldenRepository.TIME, s.time());
            assertEquals(Set.of("daily"), s.tags());
            assertEquals("golden-host", s.host());
            assertEquals(SnapshotType.FULL, s.type());
            assertEquals(
                    "5000", s.component("database").orElseThrow().metadata().get("rows.users"));
            assertEquals(
                    "/srv/textloom/workspace",
                    s.component("workspace").orElseThrow().metadata().get("source_path"));

            Path out = tmp.resolve("restored");
            repo.restoreTree(s.id(), "workspace", "", out, RestoreOptions.defaults(), null);
            Path expected = GoldenRepository.sourceTree(tmp.resolve("expected"));
            TestTrees.assertSameTree(expected, out, List.of());

            ByteArrayOutputStream dump = new ByteArrayOutputStream();
            repo.dumpStream(s.shortId(), "database", dump);
            assertArrayEquals(GoldenRepository.stream(), dump.toByteArray());

            VerifyReport report = repo.verify(VerifyOptions.readAllData());
            assertTrue(report.ok(), report.toString());
            assertTrue(report.blobsChecked() > 5);
        }
    }
}
