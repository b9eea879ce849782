package com.textloom.backup.repository.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.crypto.FileIds;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.pack.PackEntry;
import com.textloom.backup.repository.storage.InMemoryBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Both ways of reading index files — collected ({@link IndexLoader#read}) and added to an index as
 * they come ({@link IndexLoader#loadInto}) — list only files named by an id, keep the order asked for, skip a file deleted meanwhile,
 * report a damaged one, and read no more than {@code jobs * 2} files ahead of the one handed on.
 */
class IndexLoaderTest {
    private static final int FILES = 12;
    private static final int BLOBS_PER_FILE = 5;

    private final MasterKey key = MasterKey.random();

    @Test
    void collectingAndAddingAgreeOnOrderDamageAndDeletedFiles() throws IOException {
        InMemoryBlobStore store = new InMemoryBlobStore("index-loader");
        List<String> written = writeIndexFiles(store);
        String damaged = written.get(3);
        store.put(IndexLoader.PREFIX + damaged, new byte[200]);
        List<String> asked = new ArrayList<>(written);
        asked.add(5, FileIds.newId()); // listed, then deleted by a concurrent prune
        List<String> readable = new ArrayList<>(written);
        readable.remove(damaged);
        store.put(IndexLoader.PREFIX + "notes.txt", new byte[3]); // not an index file: not listed
        assertEquals(Set.copyOf(written), Set.copyOf(IndexLoader.ids(store)));

        IndexLoader.Loaded loaded = IndexLoader.read(store, key, asked, 2);
        assertEquals(readable, List.copyOf(loaded.files().keySet()));
        assertEquals(List.of(damaged), List.copyOf(loaded.damaged().keySet()));
        assertEquals(List.of(IndexLoader.PREFIX + damaged), loaded.damagedNames());

        MasterIndex index = new MasterIndex();
        IndexLoader.Added added = IndexLoader.loadInto(store, key, asked, 2, index);
        assertEquals(readable, added.added());
        assertEquals(loaded.damaged(), added.damaged());
        assertEquals((FILES - 1) * BLOBS_PER_FILE, index.size());
        assertEquals(pack(11), index.lookup(blob(11, 0)).packId());
        assertTrue(!index.has(blob(3, 0)), "the damaged file's blobs are unknown");
    }

    @Test
    void loadIntoAddsEachFileBeforeReadingMoreThanTwiceJobsAhead() throws IOException {
        Map<String, Integer> sizeAtOpen = new ConcurrentHashMap<>();
        MasterIndex index = new MasterIndex();
        InMemoryBlobStore store = new InMemoryBlobStore("index-loader") {
            @Override
            public InputStream open(String blob) throws IOException {
                sizeAtOpen.put(blob, index.size());
                return super.open(blob);
            }
        };
        List<String> written = writeIndexFiles(store);
        int jobs = 1;

        IndexLoader.loadInto(store, key, written, jobs, index);

        for (int i = 2 * jobs; i < FILES; i++) {
            int addedBefore = sizeAtOpen.get(IndexLoader.PREFIX + written.get(i)) / BLOBS_PER_FILE;
            assertTrue(
                    addedBefore >= i - 2 * jobs + 1,
                    "file " + i + " was opened with only " + addedBefore + " files added");
        }
        assertEquals(FILES * BLOBS_PER_FILE, index.size());
    }

    /** One index file per pack, {@link #BLOBS_PER_FILE} blobs each; their ids in pack order. */
    private List<String> writeIndexFiles(InMemoryBlobStore store) throws IOException {
        List<String> ids = new ArrayList<>();
        for (int p = 0; p < FILES; p++) {
            List<PackEntry> entries = new ArrayList<>();
            for (int b = 0; b < BLOBS_PER_FILE; b++) {
                entries.add(new PackEntry(BlobType.DATA, blob(p, b), b * 100, 100, 80));
            }
            ids.addAll(IndexFile.store(store, key, List.of(new IndexFile.PackRecord(pack(p), entries)), List.of()));
        }
        return ids;
    }

    private static String pack(int p) {
        return String.format("%064x", p + 1);
    }

    private static BlobId blob(int p, int b) {
        return BlobId.parse(String.format("%064x", (p + 1L) << 16 | b));
    }
}
