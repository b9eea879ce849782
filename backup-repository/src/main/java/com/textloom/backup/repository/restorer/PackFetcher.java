package com.textloom.backup.repository.restorer;

import com.textloom.backup.repository.CorruptBlobException;
import com.textloom.backup.repository.index.BlobReader;
import com.textloom.backup.repository.index.MasterIndex;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.Pack;
import com.textloom.backup.repository.parallel.TaskResults;
import com.textloom.backup.repository.storage.BlobNotFoundException;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.StorageException;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Fetches the content blobs of a batch of files from their packs and hands each to a {@link FileWriter}.
 *
 * <p>The blobs are grouped per pack; neighbouring blobs of a pack ({@link PackRange}) are read with one ranged read, and the ranges are fetched in parallel on the restorer's
 * threads. Each blob is decoded (decrypted, decompressed, its id checked) before it is written. When a range cannot
 * be read or a blob in it is damaged, the blobs of that range not written yet are loaded one by one through the
 * {@link BlobReader}, which tries every other copy the index lists. A blob in no index fails the batch before anything
 * is fetched.
 */
final class PackFetcher {
    private final BlobStore store;
    private final BlobReader reader;
    private final MasterIndex index;
    private final ExecutorService threads;

    PackFetcher(BlobStore store, BlobReader reader, ExecutorService threads) {
        this.store = store;
        this.reader = reader;
        this.index = reader.index();
        this.threads = threads;
    }

    /** Writes the whole content of every file of {@code batch}; returns when all is written or throws the first error. */
    void fetch(List<FileJob> batch, FileWriter writer) throws IOException {
        Map<String, Map<BlobId, List<FileWriter.Target>>> byPack = new HashMap<>();
        Map<BlobId, MasterIndex.Location> locations = new HashMap<>();
        for (FileJob job : batch) {
            long off = 0;
            for (String hex : job.node().content()) {
                BlobId id = BlobId.parse(hex);
                MasterIndex.Location loc = locations.computeIfAbsent(id, index::lookup);
                if (loc == null) {
                    throw new BlobNotFoundException(
                            store.describe(), "blob " + hex + " of " + job.path() + " (in no index)");
                }
                byPack.computeIfAbsent(loc.packId(), k -> new HashMap<>())
                        .computeIfAbsent(id, k -> new ArrayList<>())
                        .add(new FileWriter.Target(job.path(), off));
                off += loc.rawLength();
            }
        }
        List<Future<?>> futures = new ArrayList<>();
        for (var e : byPack.entrySet()) {
            List<MasterIndex.Location> locs = new ArrayList<>();
            for (BlobId id : e.getValue().keySet()) {
                locs.add(locations.get(id));
            }
            Map<BlobId, List<FileWriter.Target>> targets = e.getValue();
            for (PackRange range : PackRange.of(e.getKey(), locs)) {
                futures.add(threads.submit(() -> {
                    fetchRange(range, targets, writer);
                    return null;
                }));
            }
        }
        await(futures);
    }

    /** Reads the blobs of {@code range} with one ranged read, falling back to the reader for the rest. */
    private void fetchRange(PackRange range, Map<BlobId, List<FileWriter.Target>> targets, FileWriter writer)
            throws IOException {
        String pack = Pack.name(range.packId());
        int[] done = {0};
        try {
            range.read(store, (loc, box) -> {
                // decoded into a view (this thread's zstd buffer, or the plaintext itself): written out before the
                // next blob is decoded on this thread
                writer.write(
                        reader.decodeView(loc.type(), loc.id(), box, 0, box.length, loc.rawLength(), pack),
                        targets.get(loc.id()));
                done[0]++;
            });
        } catch (CorruptBlobException | StorageException | EOFException e) {
            for (MasterIndex.Location loc :
                    range.blobs().subList(done[0], range.blobs().size())) {
                writer.write(reader.load(loc.type(), loc.id()), targets.get(loc.id()));
            }
        }
    }

    /** Waits for every task; on the first failure cancels the others and throws it after all have ended. */
    private static void await(List<Future<?>> futures) throws IOException {
        IOException first = null;
        for (Future<?> f : futures) {
            try {
                TaskResults.get(f);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                    for (Future<?> g : futures) {
                        g.cancel(true);
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
