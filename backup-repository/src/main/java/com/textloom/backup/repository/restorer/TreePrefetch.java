package com.textloom.backup.repository.restorer;

import com.textloom.backup.repository.index.BlobReader;
import com.textloom.backup.repository.index.MasterIndex;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.pack.Pack;
import com.textloom.backup.repository.parallel.TaskResults;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.tree.Node;
import com.textloom.backup.repository.tree.Tree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Loads a walk's trees, and the subtrees of each tree it loads ahead on the fetch threads, neighbours in a pack with
 * one ranged read ({@link PackRange}): a walk that loads its trees one by one waits for one read of the store per
 * directory (from S3, a GET each: about a hundred for the benchmark workspace, on the walk's critical path), and
 * decodes each on its own thread.
 *
 * <p>Bounded: trees loaded ahead and not yet taken hold at most {@link #AHEAD_BYTES} of tree blobs (as the index
 * gives their decoded length) and at most {@link #AHEAD_TREES} trees, so a directory of a million entries is loaded
 * when the walk comes to it, not ahead. A tree loaded ahead fails, when it fails, as it would have failed loaded by
 * the walk: when the walk takes it. Used by the walk's one thread only; {@link #close()} cancels what it did not take
 * (a restore of a sub-path skips the siblings).
 */
final class TreePrefetch implements TreeWalk.TreeLoader, AutoCloseable {
    static final long AHEAD_BYTES = 8L << 20;
    static final int AHEAD_TREES = 64;

    private record Ahead(CompletableFuture<Tree> tree, long bytes) {}

    private final TreeWalk.TreeLoader direct;
    private final BlobStore store;
    private final BlobReader reader;
    private final MasterIndex index;
    private final ExecutorService threads;
    private final Map<BlobId, Ahead> ahead = new HashMap<>();
    private long aheadBytes;
    private final int aheadTrees;
    private final long aheadBytesMax;

    /**
     * @param direct  loads one tree (trying every copy the index lists)
     * @param store   where the packs are
     * @param reader  decodes and checks a tree blob read with others
     * @param threads the fetch threads
     */
    TreePrefetch(TreeWalk.TreeLoader direct, BlobStore store, BlobReader reader, ExecutorService threads) {
        this(direct, store, reader, threads, AHEAD_TREES, AHEAD_BYTES);
    }

    /** As above, with other bounds of what is ahead (tests). */
    TreePrefetch(
            TreeWalk.TreeLoader direct,
            BlobStore store,
            BlobReader reader,
            ExecutorService threads,
            int aheadTrees,
            long aheadBytesMax) {
        this.aheadTrees = aheadTrees;
        this.aheadBytesMax = aheadBytesMax;
        this.direct = direct;
        this.store = store;
        this.reader = reader;
        this.index = reader.index();
        this.threads = threads;
    }

    @Override
    public Tree load(BlobId id) throws IOException {
        Ahead a = ahead.remove(id);
        Tree tree;
        if (a == null) {
            tree = direct.load(id);
        } else {
            aheadBytes -= a.bytes();
            tree = TaskResults.get(a.tree());
        }
        Map<String, List<MasterIndex.Location>> byPack = new HashMap<>();
        for (Node n : tree.nodes()) {
            if (n.subtree() != null) {
                MasterIndex.Location loc = admit(BlobId.parse(n.subtree()));
                if (loc != null) {
                    byPack.computeIfAbsent(loc.packId(), k -> new ArrayList<>()).add(loc);
                }
            }
        }
        for (var e : byPack.entrySet()) {
            for (PackRange range : PackRange.of(e.getKey(), e.getValue())) {
                loadAhead(range);
            }
        }
        return tree;
    }

    /** The location of a subtree to load ahead, its place among those ahead taken; null when it is not. */
    private MasterIndex.Location admit(BlobId id) {
        MasterIndex.Location loc = index.lookup(id);
        if (loc == null || ahead.containsKey(id)) {
            return null; // a tree in no index fails when the walk loads it, with the walk's reason
        }
        long bytes = loc.rawLength();
        if (ahead.size() >= aheadTrees || aheadBytes + bytes > aheadBytesMax) {
            return null;
        }
        ahead.put(id, new Ahead(new CompletableFuture<>(), bytes));
        aheadBytes += bytes;
        return loc;
    }

    /**
     * Reads the trees of {@code range} with one ranged read on a fetch thread (a directory's subtrees usually lie
     * side by side in one tree pack: one GET for them all from S3, instead of one each); a tree the range could not
     * give (a damaged pack, an unreadable range) is loaded on its own, which tries every copy the index lists.
     */
    private void loadAhead(PackRange range) {
        Map<BlobId, CompletableFuture<Tree>> pending = new HashMap<>();
        for (MasterIndex.Location loc : range.blobs()) {
            pending.put(loc.id(), ahead.get(loc.id()).tree());
        }
        String pack = Pack.name(range.packId());
        threads.execute(() -> {
            try {
                range.read(
                        store,
                        (loc, box) -> pending.remove(loc.id())
                                .complete(Tree.decode(
                                        reader.decode(
                                                BlobType.TREE, loc.id(), box, 0, box.length, loc.rawLength(), pack),
                                        loc.id().hex())));
            } catch (IOException | RuntimeException e) {
                // loaded one by one below
            }
            for (var p : pending.entrySet()) {
                try {
                    p.getValue().complete(direct.load(p.getKey()));
                } catch (IOException | RuntimeException e) {
                    p.getValue().completeExceptionally(e);
                }
            }
        });
    }

    /** Cancels the trees loaded ahead that the walk did not take. */
    @Override
    public void close() {
        for (Ahead a : ahead.values()) {
            a.tree().cancel(false); // not interrupted: an interrupt closes the FileChannel it reads
        }
        ahead.clear();
        aheadBytes = 0;
    }
}
