package com.textloom.backup.repository.copy;

import static com.textloom.backup.repository.copy.FabricatedRepository.digests;
import static com.textloom.backup.repository.copy.FabricatedRepository.digestsWithoutLocks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.FaultyBlobStore;
import com.textloom.backup.repository.storage.FaultyBlobStore.Op;
import com.textloom.backup.repository.storage.location.RepositoryLocation;
import com.textloom.backup.testservers.S3ProxyServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copy between a local directory and a real S3 endpoint (S3Proxy, through the MinIO client and
 * the OBS SDK), both ways, with packs large enough for multipart uploads.
 */
class RepositoryCopyIT {
    private static final int PACKS = 6;
    private static final long PACK_SIZE = 6L << 20;

    @TempDir
    Path dir;

    private static Map<String, String> env() {
        S3ProxyServer s3 = S3ProxyServer.shared();
        return Map.of(
                "MINIO_ACCESS_KEY",
                s3.accessKey(),
                "MINIO_SECRET_KEY",
                s3.secretKey(),
                "OBS_ACCESS_KEY",
                s3.accessKey(),
                "OBS_SECRET_KEY",
                s3.secretKey());
    }

    private static String s3Uri() {
        return "s3:" + S3ProxyServer.shared().endpoint() + "/copy-it/" + UUID.randomUUID();
    }

    @Test
    void aLocalRepositoryCopiesToS3AndBackByteForByte() throws Exception {
        try (BlobStore local = RepositoryLocation.parse(dir.resolve("local").toString(), env())
                        .open();
                BlobStore s3 = RepositoryLocation.parse(s3Uri(), env()).open();
                BlobStore back = RepositoryLocation.parse(dir.resolve("back").toString(), env())
                        .open()) {
            FabricatedRepository.write(local, PACKS, PACK_SIZE, 7);
            CopyReport up = RepositoryCopy.copy(local, s3, CopyOptions.defaults());
            assertEquals(PACKS + 7, up.blobsCopied());
            assertEquals(digestsWithoutLocks(local), digests(s3, ""));

            CopyReport down = RepositoryCopy.copy(s3, back, CopyOptions.defaults());
            assertEquals(up.bytesCopied(), down.bytesCopied());
            assertEquals(digestsWithoutLocks(local), digests(back, ""));
        }
    }

    @Test
    void aCopyToObsInterruptedByTheBackendResumesAndNeverShowsAHalfSnapshot() throws Exception {
        String obsUri = "obs:" + S3ProxyServer.shared().endpoint() + "/copy-it/" + UUID.randomUUID()
                + "?path-style=true&signature=v2";
        try (BlobStore local = RepositoryLocation.parse(dir.resolve("local").toString(), env())
                        .open();
                BlobStore obs = RepositoryLocation.parse(obsUri, env()).connect()) {
            FabricatedRepository.write(local, PACKS, PACK_SIZE, 8);
            FaultyBlobStore outage = new FaultyBlobStore(obs).failFrom(Op.PUT, 4);
            CopyException e =
                    assertThrows(CopyException.class, () -> RepositoryCopy.copy(local, outage, CopyOptions.defaults()));
            assertEquals(CopyPhase.DATA, e.phase());
            assertEquals(List.of(), obs.list("snapshots/"));
            assertEquals(List.of(), obs.list("index/"));
            long arrived = obs.list("data/").size();
            assertEquals(3, arrived);

            CopyReport resumed = RepositoryCopy.copy(local, outage.heal(), CopyOptions.defaults());
            assertEquals(arrived, resumed.blobsSkipped());
            assertEquals(PACKS + 7 - arrived, resumed.blobsCopied());
            assertEquals(digestsWithoutLocks(local), digests(obs, ""));
        }
    }
}
