package com.textloom.backup.repository.archiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.index.IndexFile;
import com.textloom.backup.repository.index.MasterIndex;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.pack.SealedFiles;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.InMemoryBlobStore;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When a backup writes its index files: every 64 packs, and also once the stored packs not yet
 * indexed list {@link BlobSaver#BLOBS_PER_INDEX} blobs, so that a backup of many small files does
 * not hold every blob it saved in its pending set until it ends.
 */
class BlobSaverIndexTest {
    private static final int PACK = 1 << 20;

    @Test
    void manySmallBlobsAreIndexedBeforeTheFlushAndLeaveThePendingSet() throws Exception {
        InMemoryBlobStore store = new InMemoryBlobStore("small-blobs");
        MasterKey key = MasterKey.random();
        MasterIndex index = new MasterIndex();
        int total = BlobSaver.BLOBS_PER_INDEX + 20_000; // about 5 packs of 1 MiB: far fewer than 64
        try (BlobSaver saver = new BlobSaver(store, key, index, PACK, 0, 2, 64 << 10)) {
            byte[] blob = new byte[64];
            for (int i = 0; i < total; i++) {
                ByteBuffer.wrap(blob).putInt(0, i);
                saver.saveCopy(BlobType.DATA, blob, 0, blob.length);
            }
            saver.awaitWorkers();
            // the packs stored so far list more than BLOBS_PER_INDEX blobs: one index file for them,
            // and their blobs moved from the saver's pending set to the shared index
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (store.list("index/").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            List<BlobStore.BlobInfo> early = store.list("index/");
            assertEquals(1, early.size(), "index files before the flush");
            IndexFile first = IndexFile.decode(
                    SealedFiles.read(store, key, early.get(0).name()),
                    early.get(0).name());
            int listed =
                    first.packs().stream().mapToInt(p -> p.entries().size()).sum();
            assertTrue(
                    listed >= BlobSaver.BLOBS_PER_INDEX && listed < total, listed + " blobs in the first index file");
            while (index.size() < listed && System.nanoTime() < deadline) {
                Thread.sleep(10); // the index file is stored first, then its blobs are made visible
            }
            assertEquals(listed, index.size(), "blobs visible to other backups before the flush");

            saver.flush();
            assertEquals(2, store.list("index/").size());
            assertEquals(total, index.size());
            assertEquals(total, saver.newBlobs());
        }
    }
}
