package com.textloom.backup.repository.storage.obs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.BlobStoreContractTest;
import com.textloom.backup.repository.storage.StallingProxy;
import com.textloom.backup.repository.storage.StorageException;
import com.textloom.backup.repository.storage.StoreTimeouts;
import com.textloom.backup.repository.storage.TransientStorageException;
import com.textloom.backup.testservers.S3ProxyServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Huawei OBS SDK against a real S3 API server (S3Proxy) with path style and V2 signing, each
 * test under its own prefix.
 */
class ObsBlobStoreIT extends BlobStoreContractTest {
    private static final String BUCKET = "contract-obs";

    @Override
    protected BlobStore newStore() throws Exception {
        return ObsBlobStore.connect(config("t-" + UUID.randomUUID()));
    }

    static ObsConfig config(String prefix) {
        S3ProxyServer s3 = S3ProxyServer.shared();
        return ObsConfig.of(s3.endpoint(), s3.accessKey(), s3.secretKey(), BUCKET, prefix)
                .forS3Compatible();
    }

    @Test
    void connectCreatesAMissingBucket() throws Exception {
        S3ProxyServer s3 = S3ProxyServer.shared();
        String bucket = "created-" + UUID.randomUUID().toString().substring(0, 8);
        try (BlobStore created =
                ObsBlobStore.connect(ObsConfig.of(s3.endpoint(), s3.accessKey(), s3.secretKey(), bucket, "")
                        .forS3Compatible())) {
            created.put("config", new byte[] {1});
            assertEquals(1, created.stat("config").size());
            assertEquals("obs:" + s3.endpoint() + "/" + bucket, created.describe());
        }
    }

    @Test
    void theGuidesVariablesConfigureTheStore() throws Exception {
        S3ProxyServer s3 = S3ProxyServer.shared();
        ObsConfig config = ObsConfig.fromEnv(Map.of(
                "OBS_ENDPOINT",
                s3.endpoint(),
                "OBS_ACCESS_KEY",
                s3.accessKey(),
                "OBS_SECRET_KEY",
                s3.secretKey(),
                "OBS_BUCKET",
                BUCKET,
                "OBS_PREFIX",
                "env-test",
                "OBS_PATH_STYLE",
                "true",
                "OBS_SIGNATURE",
                "v2"));
        try (BlobStore env = ObsBlobStore.connect(config)) {
            env.put("keys/k1", new byte[] {7});
            assertEquals(1, env.list("keys/").size());
        }
        assertEquals(
                "https://obs.cn-north-4.myhuaweicloud.com",
                ObsConfig.fromEnv(Map.of(
                                "OBS_ENDPOINT",
                                "obs.cn-north-4.myhuaweicloud.com",
                                "OBS_ACCESS_KEY",
                                "a",
                                "OBS_SECRET_KEY",
                                "b",
                                "OBS_BUCKET",
                                "textloom-backups"))
                        .endpoint());
    }

    @Test
    void wrongCredentialsAreAFinalFailureNamingTheStoreButNotTheSecret() {
        S3ProxyServer s3 = S3ProxyServer.shared();
        StorageException e = assertThrows(
                StorageException.class,
                () -> ObsBlobStore.connect(ObsConfig.of(s3.endpoint(), s3.accessKey(), "not-the-secret", BUCKET, "x")
                        .forS3Compatible()));
        assertFalse(e instanceof TransientStorageException, e.toString());
        assertTrue(e.getMessage().contains("obs:" + s3.endpoint() + "/" + BUCKET), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-secret"), e.getMessage());
    }

    @Test
    void anUnreachableEndpointIsATransientFailure() throws Exception {
        String endpoint = "http://127.0.0.1:" + BlobStoreContractTest.closedPort();
        StorageException e = assertThrows(
                StorageException.class,
                () -> ObsBlobStore.connect(
                        ObsConfig.of(endpoint, "a", "b", BUCKET, "").forS3Compatible()));
        assertInstanceOf(TransientStorageException.class, e, e.toString());
        assertTrue(e.getMessage().contains("obs:" + endpoint), e.getMessage());
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
            S3ProxyServer s3 = S3ProxyServer.shared();
            ObsConfig through = ObsConfig.of(
                            proxy.endpoint(), s3.accessKey(), s3.secretKey(), BUCKET, "stall-" + UUID.randomUUID())
                    .forS3Compatible();
            try (BlobStore store = ObsBlobStore.connect(through, new StoreTimeouts(Duration.ofSeconds(1), read))) {
                store.put("data/present", new byte[] {1, 2, 3});
                proxy.assertStalledCallsFailTransiently(store, "data/present", read);
            }
        }
    }
}
