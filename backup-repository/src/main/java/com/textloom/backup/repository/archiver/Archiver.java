package com.textloom.backup.repository.archiver;

import com.textloom.backup.repository.ProgressListener;
import com.textloom.backup.repository.chunker.Chunker;
import com.textloom.backup.repository.index.BlobReader;
import com.textloom.backup.repository.index.MasterIndex;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.parallel.TaskResults;
import com.textloom.backup.repository.tree.Attributes;
import com.textloom.backup.repository.tree.Node;
import com.textloom.backup.repository.tree.Tree;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a file tree or a stream into blobs and returns the root tree id (FORMAT.md §8).
 *
 * <p>The walk is depth-first in the caller's thread; files are read, chunked and hashed by a pool
 * of {@code jobs} readers (each with one reused chunk buffer), and their chunks go to the
 * {@link BlobSaver}, which copies a chunk out of the buffer only when it is new and admitted. A
 * directory's tree blob is saved once its entries are done, so only the
 * directories on the current path are in memory. With a parent tree, a file whose type, size,
 * mtime, inode and device are unchanged reuses the parent's chunk list without being read.
 * Files that vanish or cannot be read are reported to the listener and left out.
 */
public final class Archiver implements AutoCloseable {
    private final BlobSaver saver;
    private final BlobReader reader;
    private final MasterIndex index;
    private final Chunker chunker;
    private final ExecutorService readers;
    private final Semaphore filesInFlight;
    /**
     * Per reader thread: the chunker's buffer (1.5 times the largest chunk, 6 MiB by default), made on the thread's
     * first file longer than the smallest chunk; and a buffer of the smallest chunk's size plus one byte for the
     * files no longer than that, which are one chunk each. A backup of small files makes no chunker buffer.
     */
    private final ThreadLocal<byte[]> buffers;

    private final ThreadLocal<byte[]> smallFiles;
    private final Map<Integer, String> userNames = new ConcurrentHashMap<>();
    private final Map<Integer, String> groupNames = new ConcurrentHashMap<>();

    /** Counters of one component. */
    public static final class Stats {
        public final AtomicLong files = new AtomicLong();
        public final AtomicLong dirs = new AtomicLong();
        public final AtomicLong bytes = new AtomicLong();
        public final AtomicLong unchanged = new AtomicLong();
    }

    public Archiver(BlobSaver saver, BlobReader reader, Chunker chunker, int jobs) {
        this.saver = saver;
        this.reader = reader;
        this.index = reader.index();
        this.chunker = chunker;
        this.readers = Executors.newFixedThreadPool(jobs, BlobSaver.threads("file-reader"));
        this.filesInFlight = new Semaphore(jobs * 4);
        this.buffers = ThreadLocal.withInitial(chunker::newBuffer);
        this.smallFiles =
                ThreadLocal.withInitial(() -> new byte[chunker.params().minSize() + 1]);
    }

    /**
     * Archives the tree under {@code root} (a directory, or a single file).
     *
     * @param parentRoot the parent snapshot's root tree of the same component, or {@code null}
     * @return the root tree id
     */
    public BlobId archiveTree(Path root, BlobId parentRoot, Stats stats, ProgressListener progress) throws IOException {
        FileStat st = FileStat.of(root);
        Tree parent = parentRoot == null ? null : loadTree(parentRoot);
        if (st.type() == FileStat.TYPE_DIR) {
            return archiveDir(root, "", parent, stats, progress);
        }
        Entry entry = entry(
                root,
                root.getFileName().toString(),
                st,
                null,
                root.getFileName().toString(),
                stats,
                progress);
        List<Node> nodes = new ArrayList<>();
        Node node = entry.node();
        if (node != null) {
            nodes.add(node);
        }
        return saver.save(BlobType.TREE, Tree.sorted(nodes).encode());
    }

    private BlobId archiveDir(Path dir, String rel, Tree parent, Stats stats, ProgressListener progress)
            throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        } catch (NoSuchFileException | AccessDeniedException e) {
            progress.warning(rel.isEmpty() ? "." : rel, "cannot list directory: " + e.getMessage());
        }
        names.sort(null);
        List<Entry> pendingNodes = new ArrayList<>(names.size());
        for (String name : names) {
            Path p = dir.resolve(name);
            String childRel = rel.isEmpty() ? name : rel + "/" + name;
            if (!Node.isSafeName(name)) {
                progress.warning(childRel, "name cannot be stored, skipped");
                continue;
            }
            FileStat st;
            try {
                st = FileStat.of(p);
            } catch (NoSuchFileException gone) {
                progress.warning(childRel, "vanished before it was read");
                continue;
            } catch (FileSystemException e) {
                progress.warning(childRel, "cannot read attributes: " + e.getMessage());
                continue;
            }
            pendingNodes.add(entry(p, name, st, parent, childRel, stats, progress));
        }
        List<Node> nodes = new ArrayList<>(pendingNodes.size());
        for (Entry e : pendingNodes) {
            Node n = e.node();
            if (n != null) {
                nodes.add(n);
            }
        }
        stats.dirs.incrementAndGet();
        return saver.save(BlobType.TREE, new Tree(nodes).encode());
    }

    /** A directory entry being archived: its node, or a file still being read by a reader. */
    private sealed interface Entry {
        /**
         * The node, waiting for the reader if the file is still being read; {@code null} when the
         * file vanished or could not be read (already reported to the listener).
         */
        Node node() throws IOException;
    }

    /** An entry whose node is complete. */
    private record Ready(Node node) implements Entry {}

    /** A file a reader thread is chunking. */
    private record Reading(Future<Node> file) implements Entry {
        @Override
        public Node node() throws IOException {
            return TaskResults.get(file);
        }
    }

    private Entry entry(
            Path p, String name, FileStat st, Tree parent, String rel, Stats stats, ProgressListener progress)
            throws IOException {
        Attributes attrs = attributes(p, st);
        Node old = parent == null ? null : parent.find(name);
        switch (st.type()) {
            case FileStat.TYPE_DIR: {
                Tree parentSub = old != null && old.isDir() ? loadTree(BlobId.parse(old.subtree())) : null;
                BlobId sub = archiveDir(p, rel, parentSub, stats, progress);
                progress.fileDone(rel, 0);
                return new Ready(Node.dir(name, attrs, sub.hex()));
            }
            case FileStat.TYPE_SYMLINK: {
                String target = Files.readSymbolicLink(p).toString();
                progress.fileDone(rel, 0);
                return new Ready(Node.symlink(name, attrs, target));
            }
            case FileStat.TYPE_FILE: {
                long size = st.size();
                Node file = Node.file(name, attrs, size, st.inode(), st.device(), st.links(), List.of());
                if (unchanged(old, file)) {
                    stats.files.incrementAndGet();
                    stats.unchanged.incrementAndGet();
                    stats.bytes.addAndGet(size);
                    progress.fileDone(rel, size);
                    return new Ready(file.withContent(old.content(), old.size()));
                }
                return new Reading(submitRead(p, file, rel, stats, progress));
            }
            default:
                progress.fileDone(rel, 0);
                return new Ready(Node.other(name, attrs));
        }
    }

    private boolean unchanged(Node old, Node now) {
        if (old == null
                || !old.isFile()
                || old.content() == null
                || !now.size().equals(old.size())
                || old.mtimeNs() != now.mtimeNs()
                || old.inode() == null
                || !old.inode().equals(now.inode())
                || old.device() == null
                || !old.device().equals(now.device())) {
            return false;
        }
        for (String id : old.content()) {
            if (!index.has(BlobId.parse(id))) {
                return false;
            }
        }
        return true;
    }

    private Future<Node> submitRead(Path p, Node file, String rel, Stats stats, ProgressListener progress)
            throws IOException {
        try {
            filesInFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        try {
            return readers.submit(() -> {
                try {
                    return readFile(p, file, rel, stats, progress);
                } finally {
                    filesInFlight.release();
                }
            });
        } catch (RuntimeException e) {
            filesInFlight.release();
            throw new IOException("archiver is closed", e);
        }
    }

    private Node readFile(Path p, Node file, String rel, Stats stats, ProgressListener progress) throws IOException {
        progress.fileStarted(rel);
        List<String> content = new ArrayList<>();
        long size = 0;
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            byte[] small =
                    file.size() != null && file.size() <= chunker.params().minSize() ? smallFiles.get() : null;
            // no longer than the smallest chunk when walked: one chunk (none if empty), unless it grew since
            int n = small == null ? -1 : in.readNBytes(small, 0, small.length);
            if (n >= 0 && n < small.length) {
                if (n > 0) {
                    progress.bytesProcessed(n);
                    content.add(saver.saveCopy(BlobType.DATA, small, 0, n).hex());
                }
                size = n;
            } else {
                InputStream rest = n < 0 ? in : new SequenceInputStream(new ByteArrayInputStream(small, 0, n), in);
                Chunker.Splitter s = chunker.split(rest, buffers.get());
                while (s.cutNext()) {
                    size += s.chunkLength();
                    progress.bytesProcessed(s.chunkLength());
                    content.add(saver.saveCopy(BlobType.DATA, s.buffer(), s.chunkOffset(), s.chunkLength())
                            .hex());
                }
            }
        } catch (NoSuchFileException gone) {
            progress.warning(rel, "vanished before it was read");
            return null;
        } catch (FileSystemException e) {
            progress.warning(rel, "cannot read: " + e.getMessage());
            return null;
        }
        stats.files.incrementAndGet();
        stats.bytes.addAndGet(size);
        progress.fileDone(rel, size);
        return file.withContent(content, size);
    }

    /**
     * Archives a stream as one file node named {@code name}; chunked in the caller's thread,
     * compressed and sealed by the saver's workers.
     *
     * @return the root tree id
     */
    public BlobId archiveStream(String name, InputStream in, Stats stats, ProgressListener progress)
            throws IOException {
        progress.fileStarted(name);
        List<String> content = new ArrayList<>();
        long size = 0;
        Chunker.Splitter s = chunker.split(in);
        while (s.cutNext()) {
            size += s.chunkLength();
            progress.bytesProcessed(s.chunkLength());
            content.add(saver.saveCopy(BlobType.DATA, s.buffer(), s.chunkOffset(), s.chunkLength())
                    .hex());
        }
        long now = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        Node node = Node.file(name, Attributes.unowned(0600, now), size, null, null, null, content);
        stats.files.incrementAndGet();
        stats.bytes.addAndGet(size);
        progress.fileDone(name, size);
        return saver.save(BlobType.TREE, new Tree(List.of(node)).encode());
    }

    /** Loads and decodes a tree blob. */
    public Tree loadTree(BlobId id) throws IOException {
        return Tree.decode(reader.load(BlobType.TREE, id), id.hex());
    }

    private Attributes attributes(Path p, FileStat st) {
        return new Attributes(
                st.permissions(), st.uid(), st.gid(), userName(p, st.uid()), groupName(p, st.gid()), st.mtimeNs());
    }

    private String userName(Path p, int uid) {
        String n = userNames.get(uid);
        if (n == null) {
            n = lookupNames(p, uid, true);
        }
        return n.isEmpty() ? null : n;
    }

    private String groupName(Path p, int gid) {
        String n = groupNames.get(gid);
        if (n == null) {
            n = lookupNames(p, gid, false);
        }
        return n.isEmpty() ? null : n;
    }

    private String lookupNames(Path p, int id, boolean user) {
        String name = "";
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            name = user ? a.owner().getName() : a.group().getName();
            if (name.equals(Integer.toString(id))) {
                name = "";
            }
        } catch (IOException | UnsupportedOperationException e) {
            // keep numeric ids only
        }
        (user ? userNames : groupNames).put(id, name);
        return name;
    }

    @Override
    public void close() {
        readers.shutdownNow();
    }
}
