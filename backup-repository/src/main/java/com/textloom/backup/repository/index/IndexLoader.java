package com.textloom.backup.repository.index;

import com.textloom.backup.repository.CorruptBlobException;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.pack.SealedFiles;
import com.textloom.backup.repository.parallel.TaskResults;
import com.textloom.backup.repository.storage.BlobNotFoundException;
import com.textloom.backup.repository.storage.BlobStore;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

/**
 * Reads the index files of a repository, in parallel. A damaged index file (it fails
 * authentication or does not decode) is reported, not fatal: the other files are read, and the
 * damaged one's blobs are unknown until {@code repair index} rebuilds the index from the pack
 * headers (as restic's {@code repair index}).
 */
public final class IndexLoader {
    public static final String PREFIX = "index/";

    private IndexLoader() {}

    /** Ids of every index file. */
    public static List<String> ids(BlobStore store) throws IOException {
        return SealedFiles.ids(store, PREFIX);
    }

    /** Reads and decodes one index file. */
    public static IndexFile read(BlobStore store, MasterKey key, String id) throws IOException {
        String name = PREFIX + id;
        return IndexFile.decode(SealedFiles.read(store, key, name), name);
    }

    /**
     * What reading a set of index files gave.
     *
     * @param files the index files read, by id, in the order asked for
     * @param damaged the index files that fail authentication or do not decode, by id, with the
     *     reason: their entries are unknown until {@code repair index} rebuilds the index
     */
    public record Loaded(Map<String, IndexFile> files, Map<String, String> damaged) {
        /** Store names ({@code index/<id>}) of the damaged files. */
        public List<String> damagedNames() {
            return damaged.keySet().stream().map(id -> PREFIX + id).toList();
        }
    }

    /**
     * Reads every index file ({@code jobs} at a time). An index file deleted while listing (by a
     * concurrent prune that already wrote its replacement) is skipped; a damaged one is reported in
     * {@link Loaded#damaged()}, never a reason to stop. A storage error is an error.
     */
    public static Loaded readAll(BlobStore store, MasterKey key, int jobs) throws IOException {
        return read(store, key, ids(store), jobs);
    }

    /**
     * Reads the given index files ({@code jobs * 2} at a time); one deleted meanwhile is left out,
     * a damaged one (fails authentication or does not decode) is reported, not read.
     */
    public static Loaded read(BlobStore store, MasterKey key, List<String> ids, int jobs) throws IOException {
        Map<String, IndexFile> out = new LinkedHashMap<>();
        Map<String, String> damaged = readInOrder(store, key, ids, jobs, out::put);
        return new Loaded(out, damaged);
    }

    /** Loads all readable index files into a new master index. */
    public static MasterIndex load(BlobStore store, MasterKey key, int jobs) throws IOException {
        MasterIndex index = new MasterIndex();
        loadInto(store, key, ids(store), jobs, index);
        return index;
    }

    /**
     * What {@link #loadInto} did.
     *
     * @param added the index files whose entries were added, in the order asked for
     * @param damaged the index files that fail authentication or do not decode, by id, with the reason
     */
    public record Added(List<String> added, Map<String, String> damaged) {}

    /**
     * Reads the given index files ({@code jobs * 2} at a time) and adds their entries to
     * {@code index} in the order given, each file as soon as it is read and before more are read:
     * the decoded files (over 100 bytes per entry as objects) are never all in memory together, as
     * they are in {@link #read}'s answer. One deleted meanwhile is left out, a damaged one reported.
     */
    public static Added loadInto(BlobStore store, MasterKey key, List<String> ids, int jobs, MasterIndex index)
            throws IOException {
        List<String> added = new ArrayList<>();
        Map<String, String> damaged = readInOrder(store, key, ids, jobs, (id, file) -> {
            for (IndexFile.PackRecord p : file.packs()) {
                index.add(p.packId(), p.entries());
            }
            added.add(id);
        });
        return new Added(added, damaged);
    }

    /**
     * Reads the given index files, at most {@code jobs * 2} ahead of the one handed on, and hands
     * each readable one to {@code each} in the order given, on the calling thread. One deleted
     * meanwhile is left out.
     *
     * @return the damaged files (fail authentication or do not decode), by id, with the reason
     */
    private static Map<String, String> readInOrder(
            BlobStore store, MasterKey key, List<String> ids, int jobs, BiConsumer<String, IndexFile> each)
            throws IOException {
        Map<String, String> damaged = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return damaged;
        }
        int window = Math.max(1, Math.min(jobs * 2, ids.size()));
        ExecutorService pool = Executors.newFixedThreadPool(window);
        try {
            ArrayDeque<Future<Object>> ahead = new ArrayDeque<>();
            int next = 0;
            for (String id : ids) {
                while (next < ids.size() && ahead.size() < window) {
                    String later = ids.get(next++);
                    ahead.add(pool.submit(() -> readOrProblem(store, key, later)));
                }
                Object f = TaskResults.get(ahead.poll());
                if (f instanceof IndexFile file) {
                    each.accept(id, file);
                } else if (f instanceof CorruptBlobException e) {
                    damaged.put(id, e.getMessage());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return damaged;
    }

    /** The file, {@code null} when it is gone, or the problem when it is damaged. */
    private static Object readOrProblem(BlobStore store, MasterKey key, String id) throws IOException {
        try {
            return read(store, key, id);
        } catch (BlobNotFoundException gone) {
            return null;
        } catch (CorruptBlobException e) {
            return e;
        }
    }
}
