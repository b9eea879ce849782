package com.textloom.backup.repository.storage.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.storage.BlobStoreContractTest;
import com.textloom.backup.repository.storage.StorageException;
import com.textloom.backup.repository.storage.location.RepositoryLocation.Kind;
import com.textloom.backup.repository.storage.obs.ObsConfig;
import com.textloom.backup.repository.storage.retry.RetryPolicy;
import com.textloom.backup.repository.storage.s3.S3Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepositoryLocationTest {
    private static final Map<String, String> ENV = Map.of(
            "MINIO_ACCESS_KEY",
            "minioadmin",
            "MINIO_SECRET_KEY",
            "minioadmin123",
            "OBS_ACCESS_KEY",
            "ak",
            "OBS_SECRET_KEY",
            "sk");

    @Test
    void aPathIsALocalRepository() {
        assertEquals(
                Path.of("/var/backups/textloom"),
                RepositoryLocation.parse("/var/backups/textloom", ENV).path());
        assertEquals(Path.of("repo"), RepositoryLocation.parse("repo", ENV).path());
        RepositoryLocation local = RepositoryLocation.parse("local:/data/r", ENV);
        assertEquals(Kind.LOCAL, local.kind());
        assertEquals(Path.of("/data/r"), local.path());
    }

    @Test
    void anS3UriNamesEndpointBucketAndPrefix() {
        S3Config c = RepositoryLocation.parse("s3:http://localhost:9000/textloom-backups/prod/db", ENV)
                .s3();
        assertEquals("http://localhost:9000", c.endpoint());
        assertEquals("textloom-backups", c.bucket());
        assertEquals("prod/db", c.prefix());
        assertEquals("minioadmin", c.accessKey());
        assertEquals("minioadmin123", c.secretKey());
        S3Config bare = RepositoryLocation.parse("s3:localhost:9000/bk1/", ENV).s3();
        assertEquals("http://localhost:9000", bare.endpoint());
        assertEquals("", bare.prefix());
    }

    @Test
    void minioConnectionsSetsTheUploadsAnS3StoreAsksFor() {
        assertEquals(
                S3Config.DEFAULT_CONNECTIONS,
                RepositoryLocation.parse("s3:http://localhost:9000/bk1", ENV)
                        .s3()
                        .connections());
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.put("MINIO_CONNECTIONS", "5");
        assertEquals(
                5,
                RepositoryLocation.parse("s3:http://localhost:9000/bk1", env)
                        .s3()
                        .connections());
        env.put("MINIO_CONNECTIONS", "0");
        assertMessage("MINIO_CONNECTIONS must be within 1..16, got 0", "s3:http://localhost:9000/bk1", env);
        env.put("MINIO_CONNECTIONS", "many");
        assertMessage("MINIO_CONNECTIONS must be a number, got many", "s3:http://localhost:9000/bk1", env);
    }

    @Test
    void anObsUriNamesEndpointBucketAndPrefixAndMayPinSigning() {
        ObsConfig c = RepositoryLocation.parse("obs:https://obs.cn-north-4.myhuaweicloud.com/textloom-backups/p", ENV)
                .obs();
        assertEquals("https://obs.cn-north-4.myhuaweicloud.com", c.endpoint());
        assertEquals("textloom-backups", c.bucket());
        assertEquals("p", c.prefix());
        assertFalse(c.pathStyle());
        assertEquals(ObsConfig.Signature.NEGOTIATE, c.signature());
        ObsConfig s3compatible = RepositoryLocation.parse(
                        "obs:http://127.0.0.1:9000/bk1?path-style=true&signature=v2", ENV)
                .obs();
        assertTrue(s3compatible.pathStyle());
        assertEquals(ObsConfig.Signature.V2, s3compatible.signature());
    }

    @Test
    void theUriPrintsWithoutCredentials() {
        RepositoryLocation s3 = RepositoryLocation.parse("s3:http://localhost:9000/bk1/p", ENV);
        assertEquals("s3:http://localhost:9000/bk1/p", s3.toString());
        assertFalse(s3.s3().toString().contains("minioadmin123"));
        assertFalse(RepositoryLocation.parse("obs:https://e/bk1", ENV)
                .obs()
                .toString()
                .contains("sk"));
    }

    @Test
    void badUrisGetAnErrorSayingWhatIsWrong() {
        assertMessage("s3 repository URI names no bucket", "s3:http://localhost:9000");
        assertMessage("unknown repository URI scheme", "ftp://host/x");
        assertMessage("MINIO_SECRET_KEY is not set", "s3:http://localhost:9000/bk1", Map.of("MINIO_ACCESS_KEY", "a"));
        assertMessage("OBS_ACCESS_KEY is not set", "obs:https://e/bk1", Map.of());
        assertMessage("carry no credentials", "s3:http://user:pw@localhost:9000/bk1");
        assertMessage("unknown option 'region'", "obs:https://e/bk1?region=x");
        assertMessage("invalid blob name", "s3:http://localhost:9000/bk1/../x");
        assertMessage("repository URI is empty", " ");
        assertMessage("MINIO_BUCKET 'Bad_Bucket' is not a valid bucket name", "s3:http://localhost:9000/Bad_Bucket");
    }

    @Test
    void anUnreachableEndpointFailsAfterTheRetriesNamingStoreAndTries() throws Exception {
        String endpoint = "http://127.0.0.1:" + BlobStoreContractTest.closedPort();
        RetryPolicy fast = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2), 2);
        for (String uri : List.of("s3:" + endpoint + "/bk1", "obs:" + endpoint + "/bk1?signature=v2")) {
            StorageException e = assertThrows(
                    StorageException.class,
                    () -> RepositoryLocation.parse(uri, ENV).open(fast, null));
            assertTrue(
                    e.getMessage().startsWith(uri.replaceAll("\\?.*", "") + " failed connect after 3 tries: "),
                    e.getMessage());
        }
    }

    private static void assertMessage(String expected, String uri) {
        assertMessage(expected, uri, ENV);
    }

    private static void assertMessage(String expected, String uri, Map<String, String> env) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RepositoryLocation.parse(uri, env), uri);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
