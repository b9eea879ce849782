package com.textloom.backup.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryRoundTripTest {
    @TempDir
    Path tmp;

    static RepositoryOptions small() {
        return RepositoryOptions.defaults()
                .withAverageChunkSize(64 << 10)
                .withPackSize(1 << 20)
                .withParallelJobs(3);
    }

    @Test
    void restoresATreeWithEveryOddCaseByteForByteWithMetadata() throws Exception {
        Path src = TestTrees.oddTree(tmp.resolve("src"), 5L << 20);
        KeySource key = KeySource.key(KeySource.generateKey());
        try (LocalBlobStore store = LocalBlobStore.open(tmp.resolve("repo"));
                Repository repo = Repository.init(store, key, small())) {
            SnapshotInfo s;
            try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.full().withTags("daily"))) {
                ComponentInfo c = w.addTree("workspace", src, ProgressListener.NONE);
                assertEquals(ComponentInfo.Kind.TREE, c.kind());
                s = w.commit();
            }
            assertTrue(store.list("data/").size() > 3, "the big file spans several packs");
            Path out = tmp.resolve("restore");
            RestoreResult r =
                    repo.restoreTree(s.id(), "workspace", "", out, RestoreOptions.defaults(), ProgressListener.NONE);
            TestTrees.assertSameTree(src, out, List.of("escaping-abs", "escaping-rel"));
            assertEquals(2, r.skipped().size(), r.skipped().toString());
            assertEquals(
                    Files.getAttribute(out.resolve("hardlink-1"), "unix:ino"),
                    Files.getAttribute(out.resolve("docs/readme.txt"), "unix:ino"));
            assertTrue(repo.verify(VerifyOptions.readAllData()).ok());
        }
    }

    @Test
    void streamsAComponentBackWithItsMetadata() throws Exception {
        Path dump = tmp.resolve("dump.bin");
        TestTrees.writeFile(dump, 3_000_000, 42);
        try (LocalBlobStore store = LocalBlobStore.open(tmp.resolve("repo"));
                Repository repo =
                        Repository.init(store, KeySource.passphrase("correct horse".toCharArray(), 1000), small())) {
            SnapshotInfo s;
            try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.full());
                    var in = Files.newInputStream(dump)) {
                w.addStream("database", in, Map.of("rows.users", "42"), ProgressListener.NONE);
                s = w.commit();
            }
            assertEquals(
                    "42",
                    repo.snapshot(s.shortId())
                            .component("database")
                            .orElseThrow()
                            .metadata()
                            .get("rows.users"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            repo.dumpStream(s.id(), "database", out);
            TestTrees.assertBytes(Files.readAllBytes(dump), out.toByteArray());
        }
    }

    /**
     * Files no longer than the smallest chunk are read into a small buffer instead of the chunker's: each must still
     * be the one chunk the chunker cuts, or a stream of the same bytes would not deduplicate against it.
     */
    @Test
    void filesUpToTheSmallestChunkAreTheChunksTheChunkerCuts() throws Exception {
        int min = (64 << 10) / 4;
        int[] sizes = {0, 1, min - 1, min, min + 1, 200_000};
        Path src = Files.createDirectories(tmp.resolve("src"));
        for (int i = 0; i < sizes.length; i++) {
            TestTrees.writeFile(src.resolve("f" + i), sizes[i], 100 + i);
        }
        try (LocalBlobStore store = LocalBlobStore.open(tmp.resolve("repo"));
                Repository repo = Repository.init(store, KeySource.key(KeySource.generateKey()), small())) {
            try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.full())) {
                ComponentInfo tree = w.addTree("workspace", src, ProgressListener.NONE);
                assertEquals(sizes.length, tree.files());
                w.commit();
            }
            long blobs = repo.verify(VerifyOptions.readAllData()).blobsChecked();
            try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.full())) {
                for (int i = 0; i < sizes.length; i++) {
                    try (var in = Files.newInputStream(src.resolve("f" + i))) {
                        assertEquals(
                                sizes[i],
                                w.addStream("f" + i, in, Map.of(), ProgressListener.NONE)
                                        .bytes());
                    }
                }
                w.commit();
            }
            // the streams' data blobs are all the tree's: what is new is one tree blob per stream
            assertEquals(
                    blobs + sizes.length,
                    repo.verify(VerifyOptions.readAllData()).blobsChecked());
        }
    }
}
