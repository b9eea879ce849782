package com.textloom.backup.repository.archiver;

import com.textloom.backup.repository.parallel.TaskResults;
import com.textloom.backup.repository.ProgressListener;
import com.textloom.backup.repository.chunker.Chunker;
import com.textloom.backup.repository.index.BlobReader;
import com.textloom.backup.repository.index.MasterIndex;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.tree.Node;
import com.textloom.backup.repository.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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
 * {@link BlobSaver}. A directory's tree blob is saved once its entries are done, so only the
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
  private final ThreadLocal<byte[]> buffers;
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
  }

  /**
   * Archives the tree under {@code root} (a directory, or a single file).
   *
   * @param parentRoot the parent snapshot's root tree of the same component, or {@code null}
   * @return the root tree id
   */
  public BlobId archiveTree(Path root, BlobId parentRoot, Stats stats, ProgressListener progress)
      throws IOException {
    Map<String, Object> attrs = stat(root);
    int mode = (Integer) attrs.get("mode");
    Tree parent = parentRoot == null ? null : loadTree(parentRoot);
    if ((mode & 0170000) == 0040000) {
      return archiveDir(root, "", parent, stats, progress);
    }
    Object entry = entryObject(root, root.getFileName().toString(), attrs, null,
        root.getFileName().toString(), stats, progress);
    List<Node> nodes = new ArrayList<>();
    Node node = resolve(entry);
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
    List<Object> pendingNodes = new ArrayList<>(names.size());
    for (String name : names) {
      Path p = dir.resolve(name);
      String childRel = rel.isEmpty() ? name : rel + "/" + name;
      if (!Node.isSafeName(name)) {
        progress.warning(childRel, "name cannot be stored, skipped");
        continue;
      }
      Map<String, Object> attrs;
      try {
        attrs = stat(p);
      } catch (NoSuchFileException gone) {
        progress.warning(childRel, "vanished before it was read");
        continue;
      } catch (FileSystemException e) {
        progress.warning(childRel, "cannot read attributes: " + e.getMessage());
        continue;
      }
      Object n = entryObject(p, name, attrs, parent, childRel, stats, progress);
      if (n != null) {
        pendingNodes.add(n);
      }
    }
    List<Node> nodes = new ArrayList<>(pendingNodes.size());
    for (Object o : pendingNodes) {
      Node n = resolve(o);
      if (n != null) {
        nodes.add(n);
      }
    }
    stats.dirs.incrementAndGet();
    return saver.save(BlobType.TREE, new Tree(nodes).encode());
  }

  /** A {@link Node}, or a {@link Future} of one for a file being read, or null when skipped. */
  private Object entryObject(Path p, String name, Map<String, Object> attrs, Tree parent,
      String rel, Stats stats, ProgressListener progress) throws IOException {
    int mode = (Integer) attrs.get("mode");
    int fmt = mode & 0170000;
    Node base = baseNode(p, name, attrs);
    Node old = parent == null ? null : parent.find(name);
    switch (fmt) {
      case 0040000: {
        Tree parentSub = old != null && old.isDir() ? loadTree(BlobId.parse(old.subtree())) : null;
        BlobId sub = archiveDir(p, rel, parentSub, stats, progress);
        progress.fileDone(rel, 0);
        return new Node(name, Node.DIR, base.mode(), base.uid(), base.gid(), base.user(),
            base.group(), base.mtimeNs(), null, null, null, null, null, sub.hex(), null);
      }
      case 0120000: {
        String target = Files.readSymbolicLink(p).toString();
        progress.fileDone(rel, 0);
        return new Node(name, Node.SYMLINK, base.mode(), base.uid(), base.gid(), base.user(),
            base.group(), base.mtimeNs(), null, null, null, null, null, null, target);
      }
      case 0100000: {
        long size = (Long) attrs.get("size");
        Node file = new Node(name, Node.FILE, base.mode(), base.uid(), base.gid(), base.user(),
            base.group(), base.mtimeNs(), size, ((Number) attrs.get("ino")).longValue(),
            ((Number) attrs.get("dev")).longValue(), (Integer) attrs.get("nlink"), List.of(), null,
            null);
        if (unchanged(old, file)) {
          stats.files.incrementAndGet();
          stats.unchanged.incrementAndGet();
          stats.bytes.addAndGet(size);
          progress.fileDone(rel, size);
          return file.withContent(old.content(), old.size());
        }
        return submitRead(p, file, rel, stats, progress);
      }
      default:
        progress.fileDone(rel, 0);
        return new Node(name, Node.OTHER, base.mode(), base.uid(), base.gid(), base.user(),
            base.group(), base.mtimeNs(), null, null, null, null, null, null, null);
    }
  }

  private boolean unchanged(Node old, Node now) {
    if (old == null || !old.isFile() || old.content() == null || !now.size().equals(old.size())
        || old.mtimeNs() != now.mtimeNs() || old.inode() == null || !old.inode().equals(now.inode())
        || old.device() == null || !old.device().equals(now.device())) {
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

  private Node readFile(Path p, Node file, String rel, Stats stats, ProgressListener progress)
      throws IOException {
    progress.fileStarted(rel);
    List<String> content = new ArrayList<>();
    long size = 0;
    try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
      Chunker.Splitter s = chunker.split(in, buffers.get());
      for (byte[] chunk = s.next(); chunk != null; chunk = s.next()) {
        size += chunk.length;
        progress.bytesProcessed(chunk.length);
        content.add(saver.save(BlobType.DATA, chunk).hex());
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

  private static Node resolve(Object o) throws IOException {
    if (o instanceof Node n) {
      return n;
    }
    return TaskResults.get(castFuture(o));
  }

  @SuppressWarnings("unchecked")
  private static Future<Node> castFuture(Object f) {
    return (Future<Node>) f;
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
    for (byte[] chunk = s.next(); chunk != null; chunk = s.next()) {
      size += chunk.length;
      progress.bytesProcessed(chunk.length);
      content.add(saver.save(BlobType.DATA, chunk).hex());
    }
    long now = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    Node node = new Node(name, Node.FILE, 0600, null, null, null, null, now, size, null, null, null,
        content, null, null);
    stats.files.incrementAndGet();
    stats.bytes.addAndGet(size);
    progress.fileDone(name, size);
    return saver.save(BlobType.TREE, new Tree(List.of(node)).encode());
  }

  /** Loads and decodes a tree blob. */
  public Tree loadTree(BlobId id) throws IOException {
    return Tree.decode(reader.load(BlobType.TREE, id), id.hex());
  }

  private static Map<String, Object> stat(Path p) throws IOException {
    return Files.readAttributes(p, "unix:mode,uid,gid,ino,dev,nlink,size,lastModifiedTime",
        LinkOption.NOFOLLOW_LINKS);
  }

  private Node baseNode(Path p, String name, Map<String, Object> attrs) {
    int mode = (Integer) attrs.get("mode");
    int uid = (Integer) attrs.get("uid");
    int gid = (Integer) attrs.get("gid");
    FileTime mtime = (FileTime) attrs.get("lastModifiedTime");
    long ns = mtime.to(TimeUnit.SECONDS) * 1_000_000_000L + mtime.toInstant().getNano();
    return new Node(name, Node.OTHER, mode & 07777, uid, gid, userName(p, uid), groupName(p, gid),
        ns, null, null, null, null, null, null, null);
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
