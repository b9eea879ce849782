package com.textloom.backup.repository.restorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.textloom.backup.repository.archiver.BlobSaver;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.index.BlobReader;
import com.textloom.backup.repository.index.MasterIndex;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.storage.FaultyBlobStore;
import com.textloom.backup.repository.storage.FaultyBlobStore.Op;
import com.textloom.backup.repository.storage.InMemoryBlobStore;
import com.textloom.backup.repository.tree.Attributes;
import com.textloom.backup.repository.tree.Node;
import com.textloom.backup.repository.tree.Tree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A walk's subtrees are loaded ahead on the fetch threads, neighbours in a pack with one ranged read, within bounds;
 * a range that cannot be read falls back to loading its trees one by one, and a tree that cannot be loaded fails
 * when the walk takes it.
 */
class TreePrefetchTest {
    private final FaultyBlobStore store = new FaultyBlobStore(new InMemoryBlobStore("trees"));
    private final MasterKey key = MasterKey.random();
    private final MasterIndex index = new MasterIndex();
    private final BlobReader reader = new BlobReader(store, key, index);
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final List<Tree> written = new ArrayList<>();
    private int next;

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private Tree direct(BlobId id) throws IOException {
        return Tree.decode(reader.load(BlobType.TREE, id), id.hex());
    }

    private TreePrefetch prefetch(int trees, long bytes) {
        return new TreePrefetch(this::direct, store, reader, threads, trees, bytes);
    }

    /** A root with {@code children} leaf subtrees, all in one tree pack; the root's id. */
    private BlobId root(int children) throws IOException {
        try (BlobSaver saver = new BlobSaver(store, key, index, 1 << 20, 3, 2, 1 << 20)) {
            List<Node> dirs = new ArrayList<>();
            for (int i = 0; i < children; i++) {
                Tree leaf = Tree.sorted(
                        List.of(Node.symlink(String.format("leaf%05d", next++), Attributes.unowned(0777, 0), "t")));
                written.add(leaf);
                dirs.add(Node.dir(
                        "d" + i,
                        Attributes.unowned(0755, 0),
                        saver.save(BlobType.TREE, leaf.encode()).hex()));
            }
            BlobId root = saver.save(BlobType.TREE, Tree.sorted(dirs).encode());
            saver.flush();
            return root;
        }
    }

    /** Walks the root's children in order; the ranged reads the store saw for them (the root's own not counted). */
    private int walk(TreePrefetch p, BlobId root) throws IOException {
        int before = store.calls(Op.OPEN_RANGE);
        Tree tree = p.load(root);
        for (Node n : tree.nodes()) {
            Tree child = p.load(BlobId.parse(n.subtree()));
            assertEquals(1, child.nodes().size());
            assertEquals("t", child.nodes().get(0).target());
        }
        return store.calls(Op.OPEN_RANGE) - before - 1;
    }

    @Test
    void aDirectorysSubtreesAreReadAheadWithOneRangedRead() throws Exception {
        BlobId root = root(10);
        try (TreePrefetch p = prefetch(64, 8 << 20)) {
            assertEquals(1, walk(p, root), "ten subtrees side by side in one pack: one ranged read");
        }
    }

    @Test
    void whatIsAheadIsBoundedByCountAndBytes() throws Exception {
        BlobId root = root(20);
        try (TreePrefetch p = prefetch(5, 8 << 20)) {
            assertEquals(1 + 15, walk(p, root), "five ahead in one read, the other fifteen one by one");
        }
        int leafBytes = index.lookup(BlobId.parse(direct(root).nodes().get(0).subtree()))
                .rawLength();
        try (TreePrefetch p = prefetch(64, 3L * leafBytes)) {
            assertEquals(1 + 17, walk(p, root), "three trees' bytes ahead, the other seventeen one by one");
        }
    }

    @Test
    void aRangeThatCannotBeReadFallsBackToTheTreesOneByOne() throws Exception {
        BlobId root = root(4);
        Tree tree = direct(root);
        int before = store.calls(Op.OPEN_RANGE);
        store.failNext(Op.OPEN_RANGE, 1); // the ranged read of the four subtrees
        try (TreePrefetch p = new TreePrefetch(id -> id.equals(root) ? tree : direct(id), store, reader, threads)) {
            p.load(root);
            for (Node n : tree.nodes()) {
                assertEquals(
                        "t", p.load(BlobId.parse(n.subtree())).nodes().get(0).target());
            }
        }
        assertEquals(1 + 4, store.calls(Op.OPEN_RANGE) - before, "the failed range, then each tree on its own");
    }

    @Test
    void aTreeThatCannotBeLoadedFailsWhenTheWalkTakesIt() throws Exception {
        BlobId root = root(1);
        Tree tree = direct(root);
        store.failFrom(Op.OPEN_RANGE, 1);
        try (TreePrefetch p = new TreePrefetch(id -> id.equals(root) ? tree : direct(id), store, reader, threads)) {
            p.load(root);
            assertThrows(
                    IOException.class,
                    () -> p.load(BlobId.parse(tree.nodes().get(0).subtree())));
        }
    }
}
