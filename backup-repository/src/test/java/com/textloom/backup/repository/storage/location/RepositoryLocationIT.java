package com.textloom.backup.repository.storage.location;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.metrics.StorageOperation;
import com.textloom.backup.repository.storage.metrics.StorageStats;
import com.textloom.backup.repository.storage.retry.RetryPolicy;
import com.textloom.backup.testservers.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of repository URI opens a working, decorated store on a real backend. */
class RepositoryLocationIT {
    @TempDir
    Path dir;

    @Test
    void s3ObsAndLocalUrisOpenStoresThatWorkAndAreMetered() throws Exception {
        S3ProxyServer s3 = S3ProxyServer.shared();
        Map<String, String> env = Map.of(
                "MINIO_ACCESS_KEY",
                s3.accessKey(),
                "MINIO_SECRET_KEY",
                s3.secretKey(),
                "OBS_ACCESS_KEY",
                s3.accessKey(),
                "OBS_SECRET_KEY",
                s3.secretKey());
        String[] uris = {
            "s3:" + s3.endpoint() + "/location-it/via-minio",
            "obs:" + s3.endpoint() + "/location-it/via-obs?path-style=true&signature=v2",
            dir.resolve("local-repo").toString()
        };
        for (String uri : uris) {
            StorageStats stats = new StorageStats();
            RepositoryLocation location = RepositoryLocation.parse(uri, env);
            try (BlobStore store = location.open(RetryPolicy.DEFAULT, stats)) {
                store.put("config", new byte[] {4, 2});
                assertArrayEquals(new byte[] {4, 2}, store.readAll("config"), uri);
                assertEquals(location.toString(), store.describe());
            }
            assertEquals(1, stats.of(StorageOperation.PUT).operations(), uri);
            assertEquals(2, stats.of(StorageOperation.OPEN).bytes(), uri);
        }
        assertEquals(true, Files.isRegularFile(dir.resolve("local-repo/config")));
    }
}
