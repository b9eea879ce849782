package com.textloom.backup.repository.restorer;

import com.textloom.backup.repository.index.MasterIndex;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.parallel.TaskResults;
import com.textloom.backup.repository.tree.Node;
import com.textloom.backup.repository.tree.Tree;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Loads a walk's trees, and the subtrees of each tree it loads ahead on the fetch threads: a walk that loads its trees
 * one by one waits for one read of the store per directory (from S3, a GET each: about a hundred for the benchmark
 * workspace, on the walk's critical path), and decodes each on its own thread.
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

    private record Ahead(Future<Tree> tree, long bytes) {}

    private final TreeWalk.TreeLoader direct;
    private final MasterIndex index;
    private final ExecutorService threads;
    private final Map<BlobId, Ahead> ahead = new HashMap<>();
    private long aheadBytes;

    TreePrefetch(TreeWalk.TreeLoader direct, MasterIndex index, ExecutorService threads) {
        this.direct = direct;
        this.index = index;
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
        for (Node n : tree.nodes()) {
            if (n.subtree() != null) {
                loadAhead(BlobId.parse(n.subtree()));
            }
        }
        return tree;
    }

    private void loadAhead(BlobId id) {
        MasterIndex.Location loc = index.lookup(id);
        if (loc == null || ahead.containsKey(id)) {
            return; // a tree in no index fails when the walk loads it, with the walk's reason
        }
        long bytes = loc.rawLength();
        if (ahead.size() >= AHEAD_TREES || aheadBytes + bytes > AHEAD_BYTES) {
            return;
        }
        ahead.put(id, new Ahead(threads.submit(() -> direct.load(id)), bytes));
        aheadBytes += bytes;
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
