package com.textloom.backup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StorageEndpointTest {

    @Test
    void minioSecureMakesASchemeLessEndpointHttps() {
        StorageEndpoint m = StorageEndpoint.minio(Map.of("MINIO_ENDPOINT", "minio:9000", "MINIO_SECURE", "true")::get)
                .orElseThrow();
        assertEquals("https://minio:9000", m.url().toString());
        assertEquals("s3:https://minio:9000/textloom-backups", m.repositoryUri(), "MINIO_BUCKET's default");
        assertEquals(
                "http://minio:9000",
                StorageEndpoint.minio(Map.of("MINIO_ENDPOINT", "minio:9000")::get)
                        .orElseThrow()
                        .url()
                        .toString());
        assertEquals(
                "http://minio:9000",
                StorageEndpoint.minio(Map.of("MINIO_ENDPOINT", "http://minio:9000/", "MINIO_SECURE", "yes")::get)
                        .orElseThrow()
                        .url()
                        .toString(),
                "a written scheme wins");
    }

    @Test
    void obsIsHttpsByDefaultAndCarriesItsOptionsWhenTheyAreNotTheDefaults() {
        Map<String, String> env = Map.of(
                "OBS_ENDPOINT",
                "obs.cn-north-4.myhuaweicloud.com",
                "OBS_BUCKET",
                "tb",
                "OBS_PREFIX",
                "/team/a/",
                "OBS_PATH_STYLE",
                "yes",
                "OBS_SIGNATURE",
                "V2");
        StorageEndpoint o = StorageEndpoint.obs(env::get).orElseThrow();
        assertEquals(
                "obs:https://obs.cn-north-4.myhuaweicloud.com/tb/team/a?path-style=true&signature=v2",
                o.repositoryUri());
        assertEquals(
                "obs:https://obs.example.com/textloom-backups",
                StorageEndpoint.obs(Map.of("OBS_ENDPOINT", "obs.example.com")::get)
                        .orElseThrow()
                        .repositoryUri());
    }

    @Test
    void nothingIsConfiguredWithoutAnEndpointAndABadOneIsNamed() {
        assertEquals(Optional.empty(), StorageEndpoint.minio(Map.of("MINIO_BUCKET", "b")::get));
        assertEquals(List.of(), StorageEndpoint.configured(Map.<String, String>of()::get));
        assertEquals(
                List.of(StorageEndpoint.Kind.MINIO, StorageEndpoint.Kind.OBS),
                StorageEndpoint.configured(Map.of("MINIO_ENDPOINT", "m:9000", "OBS_ENDPOINT", "o")::get).stream()
                        .map(StorageEndpoint::kind)
                        .toList());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> StorageEndpoint.minio(Map.of("MINIO_ENDPOINT", "ftp://m")::get));
        assertTrue(e.getMessage().startsWith("MINIO_ENDPOINT"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> StorageEndpoint.minio(Map.of("MINIO_ENDPOINT", "m:9000", "MINIO_SECURE", "maybe")::get));
        assertTrue(e.getMessage().startsWith("MINIO_SECURE=maybe"), e.getMessage());
    }

    @Test
    void remoteRepositoriesAreBackupRemotesElseTheConfiguredStoresInOrder() {
        assertEquals(
                List.of("s3:http://a:9000/b", "/mnt/copy"),
                StorageEndpoint.remoteRepositories(Map.of(
                        "BACKUP_REMOTES", " s3:http://a:9000/b, ,/mnt/copy ", "MINIO_ENDPOINT", "minio:9000")::get));
        assertEquals(
                List.of("s3:http://minio:9000/textloom-backups", "obs:https://obs.example.com/tb"),
                StorageEndpoint.remoteRepositories(Map.of(
                        "MINIO_ENDPOINT", "minio:9000", "OBS_ENDPOINT", "obs.example.com", "OBS_BUCKET", "tb")::get));
        assertEquals(List.of(), StorageEndpoint.remoteRepositories(Map.<String, String>of()::get));
    }
}
