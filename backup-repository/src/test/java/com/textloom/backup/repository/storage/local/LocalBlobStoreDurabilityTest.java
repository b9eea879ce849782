package com.textloom.backup.repository.storage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every change the local store makes to a directory is followed by an fsync of that directory,
 * and a failed directory fsync fails the operation (issue 11, item 5). The fsyncs are observed
 * through the store's directory-sync hook; the real one runs in the contract test.
 */
class LocalBlobStoreDurabilityTest {
    @TempDir
    Path dir;

    private final List<Path> synced = new CopyOnWriteArrayList<>();
    private volatile IOException syncFailure;

    private LocalBlobStore store() throws IOException {
        return LocalBlobStore.open(dir.resolve("repo"), d -> {
            synced.add(d);
            if (syncFailure != null) {
                throw syncFailure;
            }
        });
    }

    @Test
    void creatingTheStoreADirectoryOrABlobAndDeletingSyncTheDirectoryThatChanged() throws Exception {
        Path root = dir.resolve("repo").toAbsolutePath().normalize();
        try (LocalBlobStore store = store()) {
            assertEquals(
                    List.of(dir.toAbsolutePath().normalize(), root),
                    synced,
                    "the root in its parent, .tmp in the root");
            synced.clear();

            store.put("data/ab/ab01", new byte[] {1, 2, 3});
            assertEquals(
                    List.of(root, root.resolve("data"), root.resolve("data/ab")),
                    synced,
                    "data/ in the root, data/ab/ in data/, then the renamed blob in data/ab/");
            synced.clear();

            store.put("data/ab/ab02", new byte[] {4});
            assertEquals(List.of(root.resolve("data/ab")), synced, "an existing directory is not synced again");
            synced.clear();

            store.delete("data/ab/ab01");
            assertEquals(List.of(root.resolve("data/ab")), synced, "the delete is made durable in its directory");
            synced.clear();
            store.delete("data/ab/ab01");
            assertEquals(List.of(), synced, "deleting a missing blob changes no directory");
        }
    }

    @Test
    void aFailedDirectorySyncFailsThePutAndTheDelete() throws Exception {
        try (LocalBlobStore store = store()) {
            syncFailure = new IOException("Input/output error");
            StorageException put =
                    assertThrows(StorageException.class, () -> store.put("data/cd/cd01", new byte[] {1}));
            assertTrue(put.getMessage().contains("cannot write data/cd/cd01"), put.getMessage());
            assertTrue(put.getMessage().contains("Input/output error"), put.getMessage());
            assertFalse(store.exists("data/cd/cd01"), "a failed put leaves no blob");

            syncFailure = null;
            store.put("data/cd/cd02", new byte[] {2});
            syncFailure = new IOException("Input/output error");
            StorageException delete = assertThrows(StorageException.class, () -> store.delete("data/cd/cd02"));
            assertTrue(delete.getMessage().contains("cannot delete data/cd/cd02"), delete.getMessage());
            assertFalse(
                    Files.exists(dir.resolve("repo/data/cd/cd02")), "the file is gone, but the delete was not durable");
        }
    }

    @Test
    void theRealDirectorySyncWorksHereAndRefusesWhatIsNotADirectoryItCanOpen() throws Exception {
        LocalBlobStore.forceDirectory(dir);
        IOException e = assertThrows(IOException.class, () -> LocalBlobStore.forceDirectory(dir.resolve("missing")));
        assertTrue(e.getMessage().contains("cannot sync directory"), e.getMessage());
    }
}
