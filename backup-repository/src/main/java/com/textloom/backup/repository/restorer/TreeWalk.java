package com.textloom.backup.repository.restorer;

import com.textloom.backup.repository.ProgressListener;
import com.textloom.backup.repository.RepositoryException;
import com.textloom.backup.repository.RestoreOptions;
import com.textloom.backup.repository.RestoreResult;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.tree.Node;
import com.textloom.backup.repository.tree.Tree;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One restore into a directory: walks the snapshot's trees depth first, checks every name against the target, creates
 * directories, empty files, hard links and symlinks, and hands the files' contents to the {@link PackFetcher} in
 * batches (up to {@link #BATCH_BYTES} or {@link #BATCH_FILES}). Modes, mtimes (and owners when asked) are set after
 * the contents: a file's by the fetcher thread that wrote its last blob, directories' last, deepest first.
 *
 * <p><b>Never writes outside the target</b>: every name comes from an authenticated tree and is checked again
 * ({@link Node#isSafeName}) and resolved only inside its parent; directories are created or verified to be real
 * directories (an existing symlink in the way is replaced, never followed); files are created anew
 * ({@code CREATE_NEW}, 0600, after removing what was there; in a directory this restore created there is nothing to
 * remove) and written without following links; symlinks are
 * created, never followed, and one whose target is absolute or climbs out of the target is skipped and reported
 * unless {@link RestoreOptions#allowEscapingSymlinks()}.
 */
final class TreeWalk {
    static final long BATCH_BYTES = 512L << 20;
    static final int BATCH_FILES = 20_000;

    private static final Set<StandardOpenOption> CREATE_NEW =
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    /** Loads and authenticates a tree blob. */
    interface TreeLoader {
        Tree load(BlobId id) throws IOException;
    }

    /** A directory whose metadata is set once everything inside it is restored. */
    private record PendingDir(Path path, Node node) {}

    private final Path target;
    private final RestoreOptions options;
    private final ProgressListener progress;
    private final TreeLoader trees;
    private final PackFetcher fetcher;
    private final List<FileJob> batch = new ArrayList<>();
    private long batchBytes;
    private final Deque<PendingDir> dirs = new ArrayDeque<>();
    private final Map<String, Path> hardLinks = new HashMap<>();
    private final List<String> skipped = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong bytes = new AtomicLong();
    private long files;
    private long dirCount;
    private long symlinks;

    /** @param target an absolute, normalised directory that exists */
    TreeWalk(Path target, RestoreOptions options, ProgressListener progress, TreeLoader trees, PackFetcher fetcher) {
        this.target = target;
        this.options = options;
        this.progress = progress;
        this.trees = trees;
        this.fetcher = fetcher;
    }

    /** Restores the tree {@code root}, or the entry at {@code subPath} inside it. */
    RestoreResult restore(BlobId root, String subPath) throws IOException {
        Tree tree = trees.load(root);
        List<String> segments = segments(subPath);
        if (segments.isEmpty()) {
            restoreEntries(tree, target, "", false);
        } else {
            Node node = null;
            for (int i = 0; i < segments.size(); i++) {
                node = tree.find(segments.get(i));
                if (node == null) {
                    throw new RepositoryException("path '" + subPath + "' is not in the snapshot");
                }
                if (i < segments.size() - 1) {
                    if (!node.isDir()) {
                        throw new RepositoryException(
                                "path '" + subPath + "': '" + segments.get(i) + "' is not a directory");
                    }
                    tree = trees.load(BlobId.parse(node.subtree()));
                }
            }
            restoreNode(node, target, "", false);
        }
        flushBatch();
        while (!dirs.isEmpty()) {
            PendingDir d = dirs.pop();
            applyMetadata(d.path(), d.node(), false);
        }
        return new RestoreResult(files, dirCount, symlinks, bytes.get(), skipped);
    }

    /** Splits a sub-path, refusing absolute paths, {@code .} and {@code ..}. */
    static List<String> segments(String subPath) {
        if (subPath == null || subPath.isEmpty() || subPath.equals("/")) {
            return List.of();
        }
        if (subPath.startsWith("/")) {
            throw new IllegalArgumentException("restore path must be relative to the component: '" + subPath + "'");
        }
        List<String> out = new ArrayList<>();
        for (String s : subPath.split("/")) {
            if (s.isEmpty()) {
                continue;
            }
            if (!Node.isSafeName(s)) {
                throw new IllegalArgumentException("restore path may not contain '" + s + "': '" + subPath + "'");
            }
            out.add(s);
        }
        return out;
    }

    /** @param fresh whether {@code dir} was created empty by this restore (nothing in it to check or replace) */
    private void restoreEntries(Tree tree, Path dir, String rel, boolean fresh) throws IOException {
        for (Node n : tree.nodes()) {
            restoreNode(n, dir, rel, fresh);
        }
    }

    private void restoreNode(Node n, Path dir, String rel, boolean fresh) throws IOException {
        if (!Node.isSafeName(n.name())) {
            throw new RepositoryException("unsafe name '" + n.name() + "' in snapshot tree");
        }
        Path p = dir.resolve(n.name());
        if (!p.normalize().startsWith(target)
                || p.getParent() == null
                || !p.getParent().equals(dir)) {
            throw new RepositoryException("refusing to write outside the target: " + p);
        }
        String childRel = rel.isEmpty() ? n.name() : rel + "/" + n.name();
        switch (n.type()) {
            case Node.DIR -> {
                boolean created = makeDir(p, fresh);
                dirCount++;
                dirs.push(new PendingDir(p, n));
                restoreEntries(trees.load(BlobId.parse(n.subtree())), p, childRel, created);
                progress.fileDone(childRel, 0);
            }
            case Node.FILE -> restoreFile(n, p, childRel, fresh);
            case Node.SYMLINK -> restoreSymlink(n, p, childRel, fresh);
            default -> {
                skipped.add(childRel + ": special file (fifo, socket or device) not restored");
                progress.warning(childRel, "special file not restored");
            }
        }
    }

    /**
     * Makes {@code p} a real directory; returns whether it was created (empty) now. In a directory this restore
     * created ({@code fresh}) nothing is there to look at: it is created straight away, and anything that appeared
     * there meanwhile fails the restore ({@link FileAlreadyExistsException}) instead of being used.
     */
    private boolean makeDir(Path p, boolean fresh) throws IOException {
        if (!fresh && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!fresh && Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            if (!options.overwrite()) {
                throw new FileAlreadyExistsException(p.toString(), null, "exists and is not a directory");
            }
            Files.delete(p);
        }
        Files.createDirectory(p, PRIVATE_DIR);
        return true;
    }

    private void clear(Path p) throws IOException {
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            if (!options.overwrite()) {
                throw new FileAlreadyExistsException(p.toString());
            }
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(p);
            } else {
                Files.delete(p);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    /**
     * A file with content goes into the batch uncreated: the {@link FileWriter} creates it ({@code CREATE_NEW}) on a
     * fetcher thread. An empty file, and the first path of a hard-linked one (its other paths link to it at once), are
     * created here.
     */
    private void restoreFile(Node n, Path p, String rel, boolean fresh) throws IOException {
        if (!fresh) {
            clear(p);
        }
        boolean linked = false;
        if (n.links() != null && n.links() > 1 && n.inode() != null && n.device() != null) {
            String key = n.device() + ":" + n.inode();
            Path first = hardLinks.get(key);
            if (first != null) {
                Files.createLink(p, first);
                files++;
                progress.fileDone(rel, n.size() == null ? 0 : n.size());
                return;
            }
            hardLinks.put(key, p);
            linked = true;
        }
        files++;
        if (linked || n.content().isEmpty()) {
            Files.newByteChannel(p, CREATE_NEW, PRIVATE_FILE).close();
            if (n.content().isEmpty()) {
                applyMetadata(p, n, false);
                progress.fileDone(rel, 0);
                return;
            }
        }
        batch.add(new FileJob(p, n, linked));
        long size = n.size() == null ? 0 : n.size();
        batchBytes += size;
        // its blobs will be opened: a large restore gets AES-GCM compiled while the walk goes on
        MasterKey.expect(MasterKey.Use.OPEN, size);
        if (batchBytes >= BATCH_BYTES || batch.size() >= BATCH_FILES) {
            flushBatch();
        }
    }

    private void restoreSymlink(Node n, Path p, String rel, boolean fresh) throws IOException {
        if (!options.allowEscapingSymlinks() && escapes(target, p.getParent(), n.target())) {
            skipped.add(rel + ": symlink to '" + n.target() + "' points outside the target");
            progress.warning(rel, "symlink points outside the restore target, skipped");
            return;
        }
        if (!fresh) {
            clear(p);
        }
        Files.createSymbolicLink(p, Paths.get(n.target()));
        symlinks++;
        applyMetadata(p, n, true);
        progress.fileDone(rel, 0);
    }

    /**
     * Whether a symlink in {@code dir} to {@code linkTarget} may resolve outside {@code root}. Sound rule: the target
     * must be relative, its {@code ..} segments must all come first (so it never climbs out of a directory reached
     * through another symlink), and climbing them from {@code dir} (a real directory) must stay within {@code root}.
     */
    static boolean escapes(Path root, Path dir, String linkTarget) {
        if (linkTarget.isEmpty() || linkTarget.startsWith("/") || linkTarget.indexOf('\0') >= 0) {
            return true;
        }
        Path cur = dir;
        boolean named = false;
        for (String s : linkTarget.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (named) {
                    return true;
                }
                cur = cur.getParent();
                if (cur == null || !cur.startsWith(root)) {
                    return true;
                }
            } else {
                named = true;
            }
        }
        return false;
    }

    /**
     * Writes the batch's contents; each file's metadata is set by the fetcher thread that wrote its last blob, after
     * its channel is closed ({@link FileWriter.Finisher}).
     */
    private void flushBatch() throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        try (FileWriter writer = new FileWriter(batch, progress, bytes, this::finished)) {
            fetcher.fetch(batch, writer);
        }
        batch.clear();
        batchBytes = 0;
    }

    /** A file's content is complete and its channel closed (on a fetcher thread). */
    private void finished(FileJob job) {
        applyMetadata(job.path(), job.node(), false);
        progress.fileDone(target.relativize(job.path()).toString(), job.node().size());
    }

    /** Thread-safe: called on the walk's thread and on fetcher threads. */
    private void applyMetadata(Path p, Node n, boolean symlink) {
        try {
            if (options.restoreOwnership() && n.uid() != null && n.gid() != null) {
                Files.setAttribute(p, "unix:uid", n.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", n.gid(), LinkOption.NOFOLLOW_LINKS);
            }
            if (!symlink) {
                Files.setAttribute(p, "unix:mode", n.mode(), LinkOption.NOFOLLOW_LINKS);
            }
            FileTime mtime = FileTime.from(n.mtimeNs(), TimeUnit.NANOSECONDS);
            // the access time too (the backup has none: now, what a new file has anyway), or the JDK reads the
            // file's attributes again to keep it: one system call less per file
            Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(mtime, FileTime.fromMillis(System.currentTimeMillis()), null);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            progress.warning(target.relativize(p).toString(), "cannot restore metadata: " + e.getMessage());
        }
    }
}
