package com.textloom.backup.repository.repair;

import com.textloom.backup.repository.CorruptBlobException;
import com.textloom.backup.repository.IndexRepairReport;
import com.textloom.backup.repository.crypto.FileIds;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.index.IndexFile;
import com.textloom.backup.repository.index.IndexLoader;
import com.textloom.backup.repository.lock.RepositoryLock;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.Pack;
import com.textloom.backup.repository.pack.PackEntry;
import com.textloom.backup.repository.parallel.TaskResults;
import com.textloom.backup.repository.storage.BlobNotFoundException;
import com.textloom.backup.repository.storage.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the index from the packs themselves, as restic's {@code repair index}: the way out when
 * an index file is damaged (its blobs are unknown until then, and prune refuses to run).
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Runs under the caller's <b>exclusive</b> lock (no backup or prune meanwhile), checked
 *       before it writes and before it deletes.</li>
 *   <li>Every stored pack whose header authenticates is indexed with exactly the blobs its header
 *       lists, whether or not an index listed it before. A pack whose header cannot be read keeps
 *       the entries a readable old index file gave it (its blobs may still be intact; verify
 *       {@code --read-data} checks them) and is reported. Packs no longer stored leave the
 *       index.</li>
 *   <li>The new index files (the first naming every old one as superseded) are stored before any
 *       old index file is deleted (FORMAT.md §10 invariant 5): a crash in between leaves both,
 *       which is valid (duplicates), and a rerun finishes the job. No pack is ever deleted.</li>
 *   <li>A storage error fails the repair before anything is deleted.</li>
 * </ul>
 */
public final class IndexRebuilder {
    private static final Logger LOG = LoggerFactory.getLogger(IndexRebuilder.class);

    private final BlobStore store;
    private final MasterKey key;
    private final int jobs;

    public IndexRebuilder(BlobStore store, MasterKey key, int jobs) {
        this.store = store;
        this.key = key;
        this.jobs = Math.max(1, jobs);
    }

    /** A pack's header entries, or why they could not be read. */
    private record Header(List<PackEntry> entries, String problem) {}

    /** Rebuilds the index; {@code exclusive} is the exclusive lock the caller holds. */
    public IndexRepairReport rebuild(RepositoryLock exclusive) throws IOException {
        IndexLoader.Loaded old = IndexLoader.readAll(store, key, jobs);
        List<String> oldIds = new ArrayList<>(old.files().keySet());
        oldIds.addAll(old.damaged().keySet());
        Map<String, Map<BlobId, PackEntry>> listed = new LinkedHashMap<>();
        for (IndexFile f : old.files().values()) {
            for (IndexFile.PackRecord p : f.packs()) {
                Map<BlobId, PackEntry> m = listed.computeIfAbsent(p.packId(), k -> new LinkedHashMap<>());
                p.entries().forEach(e -> m.putIfAbsent(e.id(), e));
            }
        }
        Map<String, Long> stored = new TreeMap<>();
        for (BlobStore.BlobInfo b : store.list("data/")) {
            String id = Pack.idOf(b.name());
            if (FileIds.isValid(id) && b.name().equals(Pack.name(id))) {
                stored.put(id, b.size());
            }
        }
        Map<String, Header> headers = readHeaders(stored);

        List<IndexFile.PackRecord> records = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        int read = 0;
        int fresh = 0;
        long blobs = 0;
        for (var e : headers.entrySet()) {
            String pack = e.getKey();
            Header h = e.getValue();
            List<PackEntry> entries;
            if (h.problem() == null) {
                read++;
                if (!listed.containsKey(pack)) {
                    fresh++;
                }
                entries = h.entries();
            } else {
                Map<BlobId, PackEntry> before = listed.get(pack);
                entries = before == null ? List.of() : List.copyOf(before.values());
                unreadable.add(Pack.name(pack) + ": " + h.problem()
                        + (entries.isEmpty()
                                ? " (no readable index listed it: its blobs are lost)"
                                : " (kept the " + entries.size() + " entries a readable index file gave it)"));
            }
            if (!entries.isEmpty()) {
                records.add(new IndexFile.PackRecord(pack, entries));
                blobs += entries.size();
            }
        }
        int missing = 0;
        for (String pack : listed.keySet()) {
            if (!stored.containsKey(pack)) {
                missing++;
            }
        }
        exclusive.checkValid();
        List<String> written = IndexFile.store(store, key, records, oldIds);
        exclusive.checkValid();
        List<String> removed = new ArrayList<>();
        for (String id : oldIds) {
            store.delete(IndexLoader.PREFIX + id);
            removed.add(IndexLoader.PREFIX + id);
        }
        LOG.info(
                "repair index: read {} pack headers ({} not indexed before, {} unreadable), {} blobs"
                        + " in {} new index files; removed {} index files ({} damaged), dropped {} missing packs",
                read,
                fresh,
                unreadable.size(),
                blobs,
                written.size(),
                removed.size(),
                old.damaged().size(),
                missing);
        for (String u : unreadable) {
            LOG.warn("repair index: pack {}", u);
        }
        return new IndexRepairReport(
                read, fresh, unreadable, missing, blobs, written.size(), removed, old.damagedNames());
    }

    /** Reads every stored pack's header, {@code jobs * 2} at a time; a pack gone meanwhile is left out. */
    private Map<String, Header> readHeaders(Map<String, Long> stored) throws IOException {
        Map<String, Header> out = new LinkedHashMap<>();
        if (stored.isEmpty()) {
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs * 2, stored.size()));
        try {
            Map<String, Future<Header>> futures = new LinkedHashMap<>();
            for (var e : stored.entrySet()) {
                futures.put(e.getKey(), pool.submit(() -> {
                    try {
                        return new Header(Pack.readHeader(store, e.getKey(), e.getValue(), key), null);
                    } catch (CorruptBlobException damaged) {
                        return new Header(List.of(), damaged.getMessage());
                    } catch (BlobNotFoundException gone) {
                        return null;
                    }
                }));
            }
            for (var f : futures.entrySet()) {
                Header h = TaskResults.get(f.getValue());
                if (h != null) {
                    out.put(f.getKey(), h);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }
}
