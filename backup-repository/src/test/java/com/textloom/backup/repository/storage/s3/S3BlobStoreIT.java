package com.textloom.backup.repository.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.storage.BlobSource;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.BlobStoreContractTest;
import com.textloom.backup.repository.storage.StallingProxy;
import com.textloom.backup.repository.storage.StorageException;
import com.textloom.backup.repository.storage.StoreTimeouts;
import com.textloom.backup.repository.storage.TransientStorageException;
import com.textloom.backup.testservers.S3ProxyServer;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The MinIO client against a real S3 API server (S3Proxy), each test under its own prefix. */
class S3BlobStoreIT extends BlobStoreContractTest {
    private static final String BUCKET = "contract-s3";

    @Override
    protected BlobStore newStore() throws Exception {
        return S3BlobStore.connect(config("t-" + UUID.randomUUID()));
    }

    /** Parts of the smallest size S3 allows, so the 20 MB blob goes as a multipart upload. */
    static S3Config config(String prefix) {
        S3ProxyServer s3 = S3ProxyServer.shared();
        return new S3Config(s3.endpoint(), s3.accessKey(), s3.secretKey(), BUCKET, prefix, S3Config.MIN_PART_SIZE);
    }

    /**
     * A blob in memory larger than the part size (a pack of 16-24 MiB with 16 MiB parts) goes as one
     * PUT of the array, not as a multipart upload, whose parts the client would copy into buffers of
     * its own: S3 names a multipart object's ETag by its part count ({@code "...-4"}), a PUT's by the
     * MD5 of the bytes.
     */
    @Test
    void aBlobInMemoryGoesAsOnePutWhateverItsSize() throws Exception {
        S3Config c = config("one-put-" + UUID.randomUUID());
        int size = (int) (3 * c.partSize() + 1000);
        byte[] buffer = new byte[size + 100];
        new Random(13).nextBytes(buffer);
        try (BlobStore one = S3BlobStore.connect(c)) {
            one.put("data/aa/pack", BlobSource.of(buffer, size));
        }
        MinioClient client = MinioClient.builder()
                .endpoint(c.endpoint())
                .credentials(c.accessKey(), c.secretKey())
                .build();
        String etag = client.statObject(StatObjectArgs.builder()
                        .bucket(c.bucket())
                        .object(c.prefix() + "/data/aa/pack")
                        .build())
                .etag();
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Arrays.copyOf(buffer, size)));
        assertEquals(md5, etag.replace("\"", ""), "ETag of one PUT, not of a multipart upload");
    }

    /**
     * The array goes to the socket as it is: OkHttp wrote MinIO's {@code byte[]} body with one
     * {@code BufferedSink.write(byte[], 0, n)}, which copies the whole array into Okio's buffer before
     * the first byte goes out, a second copy of every pack in upload (backup-repository README, "Peak
     * RSS of an S3 backup"). Measured as the bytes the JVM's threads allocate during the put.
     */
    @Test
    void aBlobInMemoryIsSentWithoutACopyOfItsBytes() throws Exception {
        S3Config c = config("no-copy-" + UUID.randomUUID());
        int size = 32 << 20;
        byte[] buffer = new byte[size];
        new Random(14).nextBytes(buffer);
        long allocated;
        try (BlobStore store = S3BlobStore.connect(c)) {
            store.put("data/bb/warm-up", BlobSource.of(buffer, 1 << 20)); // classes and connection
            long before = allocatedByAllThreads();
            store.put("data/bb/pack", BlobSource.of(buffer, size));
            allocated = allocatedByAllThreads() - before;
            try (java.io.InputStream in = store.open("data/bb/pack")) {
                assertTrue(Arrays.equals(buffer, in.readAllBytes()), "the bytes stored");
            }
        }
        assertTrue(allocated < size / 4, allocated + " bytes allocated to send " + size);
    }

    private static long allocatedByAllThreads() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long n : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, n);
        }
        return sum;
    }

    @Test
    void connectCreatesAMissingBucket() throws Exception {
        S3ProxyServer s3 = S3ProxyServer.shared();
        String bucket = "created-" + UUID.randomUUID().toString().substring(0, 8);
        try (BlobStore created =
                S3BlobStore.connect(S3Config.of(s3.endpoint(), s3.accessKey(), s3.secretKey(), bucket, ""))) {
            created.put("config", new byte[] {1});
            assertEquals(1, created.stat("config").size());
            assertEquals("s3:" + s3.endpoint() + "/" + bucket, created.describe());
        }
    }

    @Test
    void theGuidesSchemeLessEndpointIsAccepted() throws Exception {
        S3ProxyServer s3 = S3ProxyServer.shared();
        S3Config config = S3Config.fromEnv(Map.of(
                "MINIO_ENDPOINT",
                "127.0.0.1:" + s3.port(),
                "MINIO_ACCESS_KEY",
                s3.accessKey(),
                "MINIO_SECRET_KEY",
                s3.secretKey(),
                "MINIO_BUCKET",
                BUCKET,
                "MINIO_PREFIX",
                "env-test/"));
        assertEquals(s3.endpoint(), config.endpoint());
        assertEquals("env-test", config.prefix());
        try (BlobStore env = S3BlobStore.connect(config)) {
            env.put("keys/k1", new byte[] {7});
            assertEquals(1, env.list("keys/").size());
        }
    }

    @Test
    void wrongCredentialsAreAFinalFailureNamingTheStoreButNotTheSecret() {
        S3ProxyServer s3 = S3ProxyServer.shared();
        StorageException e = assertThrows(
                StorageException.class,
                () -> S3BlobStore.connect(S3Config.of(s3.endpoint(), s3.accessKey(), "not-the-secret", BUCKET, "x")));
        assertFalse(e instanceof TransientStorageException, e.toString());
        assertTrue(e.getMessage().contains("s3:" + s3.endpoint() + "/" + BUCKET), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-secret"), e.getMessage());
    }

    @Test
    void anUnreachableEndpointIsATransientFailure() throws Exception {
        String endpoint = "http://127.0.0.1:" + BlobStoreContractTest.closedPort();
        StorageException e = assertThrows(
                StorageException.class, () -> S3BlobStore.connect(S3Config.of(endpoint, "a", "b", BUCKET, "")));
        assertInstanceOf(TransientStorageException.class, e, e.toString());
        assertTrue(e.getMessage().contains("s3:" + endpoint), e.getMessage());
    }

    /**
     * An endpoint that accepts connections and then stops answering (a TCP proxy in front of S3Proxy that stalls):
     * a read, a write and a listing each fail within the store's read timeout (1 s here) with a transient failure
     * naming the store, which the retrying decorator retries, instead of hanging the backup.
     */
    @Test
    void anEndpointThatStopsAnsweringFailsEachCallTransientlyWithinTheReadTimeout() throws Exception {
        Duration read = Duration.ofSeconds(1);
        try (StallingProxy proxy = StallingProxy.to(S3ProxyServer.shared().port())) {
            S3Config c = config("stall-" + UUID.randomUUID());
            S3Config through =
                    new S3Config(proxy.endpoint(), c.accessKey(), c.secretKey(), c.bucket(), c.prefix(), c.partSize());
            try (BlobStore store = S3BlobStore.connect(through, new StoreTimeouts(Duration.ofSeconds(1), read))) {
                store.put("data/present", new byte[] {1, 2, 3});
                proxy.assertStalledCallsFailTransiently(store, "data/present", read);
            }
        }
    }
}
