package com.textloom.backup.repository.restorer;

import com.textloom.backup.repository.ProgressListener;
import com.textloom.backup.repository.RepositoryException;
import com.textloom.backup.repository.RestoreOptions;
import com.textloom.backup.repository.RestoreResult;
import com.textloom.backup.repository.index.BlobReader;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.parallel.TaskResults;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.tree.Tree;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Restores trees into a directory and streams a stream component to an output, split the way restic's restorer is:
 * <ul>
 *   <li>{@link TreeWalk}: the walk of the snapshot's trees with the target checks (<b>never writes outside the
 *       target</b>: names checked, links never followed, escaping symlinks skipped), files created empty and batched;
 *   <li>{@link PackFetcher}: a batch's blobs grouped per pack, neighbours fetched with one ranged read, packs in
 *       parallel, every other indexed copy tried when a range is damaged;
 *   <li>{@link FileWriter}: the blobs written at their offsets, each file created by the first of its blobs to
 *       arrive, its channel kept open from that blob to its last, its metadata set right after, all on the fetcher
 *       threads.
 * </ul>
 * One {@code Restorer} owns the fetch threads ({@code max(4, 2 × jobs)}) and may run several restores one after
 * another; {@link #close()} stops the threads.
 */
public final class Restorer implements AutoCloseable {
    private final BlobStore store;
    private final BlobReader reader;
    private final ExecutorService fetchers;
    private final PackFetcher fetcher;
    private final int parallel;

    public Restorer(BlobStore store, BlobReader reader, int jobs) {
        this.store = store;
        this.reader = reader;
        this.parallel = Math.max(4, jobs * 2);
        AtomicInteger n = new AtomicInteger();
        this.fetchers = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "restore-fetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.fetcher = new PackFetcher(store, reader, fetchers);
    }

    /**
     * Restores the tree {@code root}, or the entry at {@code subPath} inside it (relative, no {@code .} or {@code ..}),
     * into {@code target}, which is created when missing.
     */
    public RestoreResult restore(
            BlobId root, String subPath, Path target, RestoreOptions options, ProgressListener progress)
            throws IOException {
        Path t = target.toAbsolutePath().normalize();
        Files.createDirectories(t);
        try (TreePrefetch trees = new TreePrefetch(this::loadTree, store, reader, fetchers)) {
            return new TreeWalk(t, options, progress, trees, fetcher).restore(root, subPath);
        }
    }

    /** Writes the content of the single file node of a stream component's tree to {@code out}, blobs fetched ahead. */
    public long dump(BlobId root, OutputStream out) throws IOException {
        Tree tree = loadTree(root);
        if (tree.nodes().size() != 1 || !tree.nodes().get(0).isFile()) {
            throw new RepositoryException("component is not a stream");
        }
        List<String> content = tree.nodes().get(0).content();
        Deque<Future<byte[]>> window = new ArrayDeque<>();
        int next = 0;
        long written = 0;
        try {
            while (next < content.size() || !window.isEmpty()) {
                while (next < content.size() && window.size() < parallel * 2) {
                    BlobId id = BlobId.parse(content.get(next++));
                    window.add(fetchers.submit(() -> reader.load(BlobType.DATA, id)));
                }
                byte[] data = TaskResults.get(window.poll());
                out.write(data);
                written += data.length;
            }
        } finally {
            for (Future<byte[]> f : window) {
                f.cancel(true);
            }
        }
        out.flush();
        return written;
    }

    private Tree loadTree(BlobId id) throws IOException {
        return Tree.decode(reader.load(BlobType.TREE, id), id.hex());
    }

    @Override
    public void close() {
        fetchers.shutdownNow();
    }
}
