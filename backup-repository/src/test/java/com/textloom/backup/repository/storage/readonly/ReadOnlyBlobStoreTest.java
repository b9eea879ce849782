package com.textloom.backup.repository.storage.readonly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.SnapshotSpec;
import com.textloom.backup.repository.SnapshotWriter;
import com.textloom.backup.repository.storage.BlobNotFoundException;
import com.textloom.backup.repository.storage.BlobSource;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.InMemoryBlobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ReadOnlyBlobStore}: reads reach the store beneath, writes never do; a repository opened through it lists its
 * snapshots without writing a byte (disaster-recovery's catalogue and assessment rely on that), and anything that
 * would take a lock fails.
 */
class ReadOnlyBlobStoreTest {
    private final InMemoryBlobStore beneath = new InMemoryBlobStore("ro");
    private final BlobStore store = new ReadOnlyBlobStore(beneath);

    @Test
    void readsReachTheStoreBeneathAndWritesAreRefusedBeforeTheyDo() throws Exception {
        beneath.put("data/aa/p1", new byte[] {1, 2, 3, 4});
        assertArrayEquals(new byte[] {1, 2, 3, 4}, store.readAll("data/aa/p1"));
        try (var in = store.openRange("data/aa/p1", 1, 2)) {
            assertArrayEquals(new byte[] {2, 3}, in.readAllBytes());
        }
        assertEquals(4, store.stat("data/aa/p1").size());
        assertEquals(
                List.of("data/aa/p1"),
                store.list("data/").stream().map(BlobStore.BlobInfo::name).toList());
        assertThrows(BlobNotFoundException.class, () -> store.open("data/aa/none"));

        ReadOnlyStoreException put =
                assertThrows(ReadOnlyStoreException.class, () -> store.put("data/aa/p2", new byte[1]));
        assertTrue(
                put.getMessage().contains("read-only(memory:ro)")
                        && put.getMessage().contains("data/aa/p2"),
                put.getMessage());
        assertThrows(
                ReadOnlyStoreException.class, () -> store.put("data/aa/p2", new ByteArrayInputStream(new byte[1]), 1));
        assertThrows(ReadOnlyStoreException.class, () -> store.put("data/aa/p2", BlobSource.of(new byte[1])));
        assertThrows(ReadOnlyStoreException.class, () -> store.delete("data/aa/p1"));
        assertEquals(
                List.of("data/aa/p1"),
                beneath.list("").stream().map(BlobStore.BlobInfo::name).toList());
    }

    @Test
    void aRepositoryOpenedThroughItListsAndRestoresWithoutWritingAnything() throws Exception {
        Map<String, String> env = Map.of("BACKUP_ENCRYPTION_KEY", "a".repeat(64));
        String id;
        try (Repository repo =
                Repository.init(beneath, KeySource.fromEnvironment(env), RepositoryOptions.fromEnvironment(env))) {
            try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.full())) {
                w.addStream(
                        "database", new ByteArrayInputStream("dump".repeat(1000).getBytes()), Map.of(), null);
                id = w.commit().id();
            }
        }
        List<String> before =
                beneath.list("").stream().map(BlobStore.BlobInfo::name).sorted().toList();
        try (Repository repo =
                Repository.open(store, KeySource.fromEnvironment(env), RepositoryOptions.fromEnvironment(env))) {
            assertEquals(List.of(id), repo.snapshots().stream().map(s -> s.id()).toList());
            assertEquals(id, repo.snapshot(id.substring(0, 8)).id());
            // what takes a lock writes a lock file: refused, so a reader that reaches for one fails loudly
            assertThrows(
                    ReadOnlyStoreException.class, () -> repo.dumpStream(id, "database", new ByteArrayOutputStream()));
        }
        assertEquals(
                before,
                beneath.list("").stream().map(BlobStore.BlobInfo::name).sorted().toList());
    }
}
