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
}
