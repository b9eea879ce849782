package com.textloom.backup.testservers;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a Quarkus test at the real S3 endpoint of the test JVM ({@link S3ProxyServer#shared()}): sets
 * {@code MINIO_ENDPOINT} ({@code http://127.0.0.1:PORT}), {@code MINIO_ACCESS_KEY} and
 * {@code MINIO_SECRET_KEY}. Buckets are not created: the code under test or the test does that.
 *
 * <pre>{@code @QuarkusTest @WithTestResource(S3TestResource.class) class MinioBackupIT { ... }}</pre>
 */
public class S3TestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        S3ProxyServer s3 = S3ProxyServer.shared();
        return Map.of(
                "MINIO_ENDPOINT", s3.endpoint(),
                "MINIO_ACCESS_KEY", s3.accessKey(),
                "MINIO_SECRET_KEY", s3.secretKey());
    }

    /** Nothing to do: the shared server stops when the test JVM exits. */
    @Override
    public void stop() {}
}
