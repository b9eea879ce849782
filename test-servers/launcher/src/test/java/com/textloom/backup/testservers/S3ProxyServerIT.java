package com.textloom.backup.testservers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class S3ProxyServerIT {

    @Test
    void aStartedServerStoresAnObjectAndGivesItBack() throws Exception {
        long started = System.nanoTime();
        try (S3ProxyServer s3 = S3ProxyServer.start()) {
            System.out.printf(
                    "S3Proxy ready in %d ms on %s%n", (System.nanoTime() - started) / 1_000_000, s3.endpoint());
            MinioClient client = MinioClient.builder()
                    .endpoint(s3.endpoint())
                    .credentials(s3.accessKey(), s3.secretKey())
                    .build();
            client.makeBucket(
                    MakeBucketArgs.builder().bucket("textloom-backups").build());
            assertTrue(client.bucketExists(
                    BucketExistsArgs.builder().bucket("textloom-backups").build()));

            byte[] content = "a pack of chunks".getBytes(StandardCharsets.UTF_8);
            client.putObject(PutObjectArgs.builder().bucket("textloom-backups").object("data/ab/pack-1").stream(
                            new ByteArrayInputStream(content), content.length, -1)
                    .build());
            try (GetObjectResponse object = client.getObject(GetObjectArgs.builder()
                    .bucket("textloom-backups")
                    .object("data/ab/pack-1")
                    .build())) {
                assertArrayEquals(content, object.readAllBytes());
            }
        }
    }

    @Test
    void aWrongSecretKeyIsRefused() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start()) {
            MinioClient intruder = MinioClient.builder()
                    .endpoint(s3.endpoint())
                    .credentials(s3.accessKey(), "not-the-secret")
                    .build();
            ErrorResponseException refused = assertThrows(
                    ErrorResponseException.class,
                    () -> intruder.makeBucket(
                            MakeBucketArgs.builder().bucket("stolen").build()));
            assertEquals(403, refused.response().code());
        }
    }

    @Test
    void closeStopsTheServerJvmAndDeletesItsData() {
        S3ProxyServer s3 = S3ProxyServer.start();
        long pid = s3.pid();
        Path dataDir = s3.dataDir();
        assertEquals("rwx------", KafkaBrokerIT.permissions(dataDir));
        assertEquals("rw-------", KafkaBrokerIT.permissions(dataDir.resolve("s3proxy.properties")));

        s3.close();

        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "S3Proxy JVM still running");
        assertFalse(Files.exists(dataDir), "data directory left behind: " + dataDir);
        assertFalse(FreePort.accepts(s3.port()), "port still open");
    }
}
