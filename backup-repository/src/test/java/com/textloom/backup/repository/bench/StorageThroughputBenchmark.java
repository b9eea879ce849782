package com.textloom.backup.repository.bench;

import com.textloom.backup.repository.copy.CopyOptions;
import com.textloom.backup.repository.copy.CopyReport;
import com.textloom.backup.repository.copy.RepositoryCopy;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.BlobStoreContractTest.GeneratedStream;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import com.textloom.backup.repository.storage.obs.ObsBlobStore;
import com.textloom.backup.repository.storage.obs.ObsConfig;
import com.textloom.backup.repository.storage.s3.S3BlobStore;
import com.textloom.backup.repository.storage.s3.S3Config;
import com.textloom.backup.testservers.S3ProxyServer;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a timed test (its name matches neither *Test nor *IT): throughput of the object-store
 * backends against S3Proxy, printed for backup-repository/README.md. Run it with
 * {@code mvn -pl backup-repository verify -Dtest=StorageThroughputBenchmark}.
 */
class StorageThroughputBenchmark {
    private static final long BLOB = 64L << 20;
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    void measuresPutGetAndParallelCopyThroughput() throws Exception {
        S3ProxyServer s3 = S3ProxyServer.shared();
        String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        try (BlobStore minio =
                        S3BlobStore.connect(S3Config.of(s3.endpoint(), s3.accessKey(), s3.secretKey(), run, "minio"));
                BlobStore obs =
                        ObsBlobStore.connect(ObsConfig.of(s3.endpoint(), s3.accessKey(), s3.secretKey(), run, "obs")
                                .forS3Compatible())) {
            putGet("MinIO client", minio);
            putGet("OBS SDK", obs);

            BlobStore local = LocalBlobStore.open(dir.resolve("repo"));
            local.put("config", new byte[100]);
            int packs = Integer.getInteger("bench.copy.packs", 24);
            for (int i = 0; i < packs; i++) {
                String id = String.format("%02x%062d", i, i);
                local.put("data/" + id.substring(0, 2) + "/" + id, new GeneratedStream(16L << 20, i), 16L << 20);
            }
            for (int parallelism : new int[] {1, 4, 8}) {
                copy(
                        "MinIO client",
                        local,
                        S3BlobStore.connect(S3Config.of(
                                s3.endpoint(), s3.accessKey(), s3.secretKey(), run, "copy-minio-" + parallelism)),
                        parallelism);
                copy(
                        "OBS SDK",
                        local,
                        ObsBlobStore.connect(ObsConfig.of(
                                        s3.endpoint(), s3.accessKey(), s3.secretKey(), run, "copy-obs-" + parallelism)
                                .forS3Compatible()),
                        parallelism);
                copy("local directory", local, LocalBlobStore.open(dir.resolve("copy-" + parallelism)), parallelism);
            }
        }
    }

    private static void copy(String client, BlobStore from, BlobStore to, int parallelism) throws Exception {
        try (to) {
            CopyReport report =
                    RepositoryCopy.copy(from, to, CopyOptions.defaults().withParallelism(parallelism));
            System.out.printf(
                    Locale.ROOT,
                    "BENCH copy local -> %s, %d parallel: %d blobs," + " %.0f MiB in %.1f s = %.1f MiB/s%n",
                    client,
                    parallelism,
                    report.blobsCopied(),
                    report.bytesCopied() / 1048576.0,
                    report.elapsed().toMillis() / 1000.0,
                    report.bytesPerSecond() / 1048576.0);
        }
    }

    private static void putGet(String client, BlobStore store) throws Exception {
        List<Double> puts = new ArrayList<>();
        List<Double> gets = new ArrayList<>();
        byte[] buf = new byte[1 << 16];
        for (int round = 0; round < ROUNDS; round++) {
            String name = "data/be/bench" + round;
            long start = System.nanoTime();
            store.put(name, new GeneratedStream(BLOB, round), BLOB);
            puts.add(mibPerSecond(start));
            start = System.nanoTime();
            long read = 0;
            try (InputStream in = store.open(name)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    read += n;
                }
            }
            if (read != BLOB) {
                throw new AssertionError("read " + read);
            }
            gets.add(mibPerSecond(start));
        }
        Collections.sort(puts);
        Collections.sort(gets);
        System.out.printf(
                Locale.ROOT,
                "BENCH %s 64 MiB: put median %.1f MiB/s (best %.1f)," + " get median %.1f MiB/s (best %.1f)%n",
                client,
                puts.get(ROUNDS / 2),
                puts.get(ROUNDS - 1),
                gets.get(ROUNDS / 2),
                gets.get(ROUNDS - 1));
    }

    private static double mibPerSecond(long start) {
        return (BLOB / 1048576.0) / ((System.nanoTime() - start) / 1e9);
    }
}
