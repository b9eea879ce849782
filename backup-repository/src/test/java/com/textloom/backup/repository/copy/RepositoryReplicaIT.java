package com.textloom.backup.repository.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.ProgressListener;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.RestoreOptions;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.SnapshotSpec;
import com.textloom.backup.repository.SnapshotWriter;
import com.textloom.backup.repository.VerifyOptions;
import com.textloom.backup.repository.VerifyReport;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.FaultyBlobStore;
import com.textloom.backup.repository.storage.FaultyBlobStore.Op;
import com.textloom.backup.repository.storage.location.RepositoryLocation;
import com.textloom.backup.testservers.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copy of a real repository (written by the {@link Repository} facade, encrypted, deduplicated)
 * between a local directory and S3Proxy through the MinIO client: the replica opens with the same
 * key, verifies clean with every blob read, and restores byte for byte; an interrupted copy never
 * shows a snapshot whose data is not there.
 */
class RepositoryReplicaIT {
    @TempDir
    Path dir;

    private final KeySource key = KeySource.key(KeySource.generateKey());
    private final RepositoryOptions options = RepositoryOptions.defaults()
            .withAverageChunkSize(64 << 10)
            .withPackSize(1 << 20)
            .withParallelJobs(2);
    private final byte[] dump = new byte[700_000];
    private BlobStore local;
    private SnapshotInfo first;
    private SnapshotInfo second;

    @BeforeEach
    void backUpTwice() throws Exception {
        new Random(3).nextBytes(dump);
        Path tree = dir.resolve("workspace");
        writeTree(tree, 1);
        local = RepositoryLocation.parse(dir.resolve("local").toString(), Map.of())
                .open();
        try (Repository repo = Repository.init(local, key, options)) {
            first = backUp(repo, tree, SnapshotSpec.full());
            Files.write(tree.resolve("docs/changed.txt"), "changed after the first snapshot".getBytes());
            second = backUp(repo, tree, SnapshotSpec.incremental());
        }
    }

    @Test
    void aRepositoryCopiedToS3AndBackOpensVerifiesAndRestoresByteForByte() throws Exception {
        try (BlobStore s3 = s3Store();
                BlobStore back = localStore("back")) {
            CopyReport up =
                    RepositoryCopy.copy(local, s3, CopyOptions.defaults().withParallelism(4));
            assertEquals(2, up.snapshotsCopied().size());
            assertReplicaRestores(s3);

            CopyReport down = RepositoryCopy.copy(s3, back, CopyOptions.defaults());
            assertEquals(up.blobsCopied(), down.blobsCopied());
            assertReplicaRestores(back);
        }
    }

    @Test
    void anInterruptedCopyShowsOnlyCompleteSnapshotsAndTheRerunFinishesIt() throws Exception {
        try (BlobStore s3 = s3Store()) {
            // the endpoint goes away while packs are moving: no repository at all is visible yet
            FaultyBlobStore outage = new FaultyBlobStore(s3).failFrom(Op.PUT, 3);
            assertEquals(
                    CopyPhase.DATA,
                    assertThrows(CopyException.class, () -> RepositoryCopy.copy(local, outage, CopyOptions.defaults()))
                            .phase());
            assertEquals(List.of(), s3.list("snapshots/"));
            assertEquals(List.of(), s3.list("config"));

            // the second run is cut while snapshots move: one snapshot arrives, the other does not
            java.util.concurrent.atomic.AtomicInteger snapshotPuts = new java.util.concurrent.atomic.AtomicInteger();
            FaultyBlobStore cut = outage.heal()
                    .failPutsOf(name -> name.startsWith("snapshots/") && snapshotPuts.incrementAndGet() > 1);
            CopyException e = assertThrows(
                    CopyException.class,
                    () -> RepositoryCopy.copy(local, cut, CopyOptions.defaults().withParallelism(1)));
            assertEquals(CopyPhase.SNAPSHOTS, e.phase());
            assertTrue(e.partial().blobsSkipped() >= 2, e.partial().toString());
            List<String> arrived = e.partial().snapshotsCopied();
            assertEquals(1, arrived.size());
            try (Repository replica = Repository.open(s3, key, options)) {
                assertEquals(
                        arrived,
                        replica.snapshots().stream().map(SnapshotInfo::id).toList());
                VerifyReport report = replica.verify(VerifyOptions.readAllData());
                assertTrue(report.ok(), report.toString());
            }

            CopyReport rerun = RepositoryCopy.copy(local, cut.heal(), CopyOptions.defaults());
            assertEquals(1, rerun.blobsCopied());
            assertEquals(1, rerun.snapshotsCopied().size());
            assertTrue(!arrived.contains(rerun.snapshotsCopied().get(0)));
            assertReplicaRestores(s3);
        }
    }

    private void assertReplicaRestores(BlobStore replicaStore) throws Exception {
        try (Repository replica = Repository.open(replicaStore, key, options)) {
            assertEquals(
                    java.util.Set.of(first.id(), second.id()),
                    replica.snapshots().stream().map(SnapshotInfo::id).collect(java.util.stream.Collectors.toSet()));
            VerifyReport report = replica.verify(VerifyOptions.readAllData());
            assertTrue(report.ok(), report.toString());
            Path target = dir.resolve("restore-" + UUID.randomUUID());
            replica.restoreTree(second.id(), "workspace", "", target, RestoreOptions.defaults(), ProgressListener.NONE);
            assertEquals(contents(dir.resolve("workspace")), contents(target));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            replica.dumpStream(first.id(), "database", out);
            assertArrayEquals(dump, out.toByteArray());
        }
    }

    private SnapshotInfo backUp(Repository repo, Path tree, SnapshotSpec spec) throws IOException {
        try (SnapshotWriter w = repo.newSnapshot(spec)) {
            w.addTree("workspace", tree, ProgressListener.NONE);
            w.addStream("database", new ByteArrayInputStream(dump), Map.of("rows", "7"), ProgressListener.NONE);
            return w.commit();
        }
    }

    private BlobStore s3Store() throws IOException {
        S3ProxyServer s3 = S3ProxyServer.shared();
        return RepositoryLocation.parse(
                        "s3:" + s3.endpoint() + "/replica-it/" + UUID.randomUUID(),
                        Map.of("MINIO_ACCESS_KEY", s3.accessKey(), "MINIO_SECRET_KEY", s3.secretKey()))
                .connect();
    }

    private BlobStore localStore(String name) throws IOException {
        return RepositoryLocation.parse(dir.resolve(name).toString(), Map.of()).open();
    }

    private static void writeTree(Path root, long seed) throws IOException {
        Random random = new Random(seed);
        Files.createDirectories(root.resolve("docs"));
        Files.createDirectories(root.resolve("media/2026"));
        for (int i = 0; i < 20; i++) {
            Files.write(
                    root.resolve("docs/note-" + i + ".txt"),
                    ("note " + i + " ").repeat(200 + i * 50).getBytes());
        }
        Files.write(root.resolve("docs/changed.txt"), "first version".getBytes());
        for (int i = 0; i < 3; i++) {
            byte[] media = new byte[900_000 + i * 100_000];
            random.nextBytes(media);
            Files.write(root.resolve("media/2026/clip-" + i + ".bin"), media);
        }
    }

    /** Relative path → bytes of every regular file under {@code root}. */
    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(
                        root.relativize(p).toString(),
                        java.util.HexFormat.of().formatHex(sha256(Files.readAllBytes(p))));
            }
        }
        return files;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
