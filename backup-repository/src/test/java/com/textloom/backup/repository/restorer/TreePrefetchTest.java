package com.textloom.backup.repository.restorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.CorruptBlobException;
import com.textloom.backup.repository.index.MasterIndex;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.pack.PackEntry;
import com.textloom.backup.repository.tree.Attributes;
import com.textloom.backup.repository.tree.Node;
import com.textloom.backup.repository.tree.Tree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A walk's subtrees are loaded ahead on other threads, within bounds, and fail when the walk takes them. */
class TreePrefetchTest {
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final MasterIndex index = new MasterIndex();
    private final Map<BlobId, Tree> trees = new HashMap<>();
    private final Set<BlobId> loaded = ConcurrentHashMap.newKeySet();
    private final Set<BlobId> broken = ConcurrentHashMap.newKeySet();
    private int next;

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private final TreeWalk.TreeLoader direct = id -> {
        loaded.add(id);
        if (broken.contains(id)) {
            throw new CorruptBlobException(id.hex(), "pack", "authentication failed");
        }
        return trees.get(id);
    };

    /** A tree of {@code children} directories, indexed with {@code rawLength}. */
    private BlobId tree(int rawLength, List<BlobId> children) {
        List<Node> nodes = new ArrayList<>();
        for (BlobId c : children) {
            nodes.add(Node.dir("d" + nodes.size(), Attributes.unowned(0755, 0), c.hex()));
        }
        byte[] raw = new byte[32];
        raw[0] = (byte) ++next;
        raw[1] = (byte) (next >> 8);
        BlobId id = BlobId.of(raw);
        trees.put(id, Tree.sorted(nodes));
        index.add("pack" + next, List.of(new PackEntry(BlobType.TREE, id, 0, rawLength, rawLength)));
        return id;
    }

    @Test
    void theSubtreesOfALoadedTreeAreLoadedAheadAndTakenFromThere() throws Exception {
        BlobId a = tree(100, List.of());
        BlobId b = tree(100, List.of());
        BlobId root = tree(100, List.of(a, b));
        try (TreePrefetch p = new TreePrefetch(direct, index, threads)) {
            assertSame(trees.get(root), p.load(root));
            threads.submit(() -> {}).get(); // the pool has started what was queued before
            for (int i = 0; i < 100 && !loaded.containsAll(Set.of(a, b)); i++) {
                Thread.sleep(10);
            }
            assertTrue(loaded.containsAll(Set.of(a, b)), "both children loaded before the walk asked");
            loaded.clear();
            assertSame(trees.get(a), p.load(a));
            assertSame(trees.get(b), p.load(b));
            assertEquals(Set.of(), loaded, "taken from what was loaded ahead, not loaded again");
        }
    }

    @Test
    void aheadIsBoundedByCountAndBytes() throws Exception {
        List<BlobId> many = new ArrayList<>();
        for (int i = 0; i < TreePrefetch.AHEAD_TREES + 10; i++) {
            many.add(tree(10, List.of()));
        }
        BlobId wide = tree(10, many);
        List<BlobId> big = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            big.add(tree((int) (TreePrefetch.AHEAD_BYTES / 3), List.of()));
        }
        BlobId heavy = tree(10, big);
        try (TreePrefetch p = new TreePrefetch(direct, index, threads)) {
            p.load(heavy);
            assertEquals(3, awaitLoaded(big, 3), "three thirds of AHEAD_BYTES fit, the fourth does not");
        }
        try (TreePrefetch p = new TreePrefetch(direct, index, threads)) {
            p.load(wide);
            assertEquals(TreePrefetch.AHEAD_TREES, awaitLoaded(many, TreePrefetch.AHEAD_TREES));
        }
    }

    /** How many of {@code ids} were loaded once at least {@code n} were and nothing more came for a while. */
    private int awaitLoaded(List<BlobId> ids, int n) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (ids.stream().filter(loaded::contains).count() < n && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        Thread.sleep(100);
        return (int) ids.stream().filter(loaded::contains).count();
    }

    @Test
    void aTreeThatFailsAheadFailsWhenTheWalkTakesIt() throws Exception {
        BlobId bad = tree(100, List.of());
        BlobId root = tree(100, List.of(bad));
        broken.add(bad);
        try (TreePrefetch p = new TreePrefetch(direct, index, threads)) {
            p.load(root);
            assertThrows(CorruptBlobException.class, () -> p.load(bad), "the loader's own failure, unwrapped");
        }
    }
}
