package com.textloom.backup.repository.storage.local;

import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.BlobStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The local directory store keeps every guarantee of the SPI. */
class LocalBlobStoreContractTest extends BlobStoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected BlobStore newStore() throws Exception {
        return LocalBlobStore.open(dir.resolve("repo"));
    }
}
