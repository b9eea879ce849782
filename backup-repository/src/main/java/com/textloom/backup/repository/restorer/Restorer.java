package com.textloom.backup.repository.restorer;

import com.textloom.backup.repository.CorruptBlobException;
import com.textloom.backup.repository.ProgressListener;
import com.textloom.backup.repository.RepositoryException;
import com.textloom.backup.repository.RestoreOptions;
import com.textloom.backup.repository.parallel.TaskResults;
import com.textloom.backup.repository.RestoreResult;
import com.textloom.backup.repository.index.BlobReader;
import com.textloom.backup.repository.index.MasterIndex;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.pack.Pack;
import com.textloom.backup.repository.storage.BlobNotFoundException;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.StorageException;
import com.textloom.backup.repository.tree.Node;
import com.textloom.backup.repository.tree.Tree;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Restores trees into a directory and streams to an output.
 *
 * <p><b>Never writes outside the target</b>: every name comes from an authenticated tree and is
 * checked again ({@link Node#isSafeName}); directories are created or verified to be real
 * directories (an existing symlink in the way is replaced, never followed); files are created
 * anew ({@code CREATE_NEW} after removing what was there); symlinks are created, never followed,
 * and one whose target is absolute or climbs out of the target is skipped and reported unless
 * {@link RestoreOptions#allowEscapingSymlinks()}.
 *
 * <p><b>Fast from object stores</b>: file contents are restored in batches; the blobs of a batch
 * are grouped per pack, neighbouring blobs are fetched with one ranged read, and packs are fetched
 * in parallel. Modes, mtimes (and owners when asked) are set after the contents, directories'
 * last, deepest first.
 */
public final class Restorer implements AutoCloseable {
  private static final long BATCH_BYTES = 512L << 20;
  private static final int BATCH_FILES = 20_000;
  private static final long MAX_GAP = 1 << 20;
  private static final long MAX_RANGE = 64L << 20;

  private final BlobStore store;
  private final MasterIndex index;
  private final BlobReader reader;
  private final ExecutorService fetchers;
  private final int parallel;

  public Restorer(BlobStore store, BlobReader reader, int jobs) {
    this.store = store;
    this.reader = reader;
    this.index = reader.index();
    this.parallel = Math.max(4, jobs * 2);
    AtomicInteger n = new AtomicInteger();
    this.fetchers = Executors.newFixedThreadPool(parallel, r -> {
      Thread t = new Thread(r, "restore-fetch-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** A file whose content is to be written. */
  private record FileJob(Path path, Node node) {}

  /** One blob to write at an offset of a file. */
  private record Target(Path path, long fileOffset) {}

  /** The state of one restore. */
  private final class Run {
    final Path target;
    final RestoreOptions options;
    final ProgressListener progress;
    final List<FileJob> batch = new ArrayList<>();
    long batchBytes;
    final Deque<Object[]> dirs = new ArrayDeque<>();
    final Map<String, Path> hardLinks = new HashMap<>();
    final List<String> skipped = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong bytes = new AtomicLong();
    long files;
    long dirCount;
    long symlinks;

    Run(Path target, RestoreOptions options, ProgressListener progress) {
      this.target = target;
      this.options = options;
      this.progress = progress;
    }
  }

  /**
   * Restores the tree {@code root}, or the entry at {@code subPath} inside it, into
   * {@code target}.
   */
  public RestoreResult restore(BlobId root, String subPath, Path target, RestoreOptions options,
      ProgressListener progress) throws IOException {
    Path t = target.toAbsolutePath().normalize();
    Files.createDirectories(t);
    Run run = new Run(t, options, progress);
    Tree tree = loadTree(root);
    List<String> segments = segments(subPath);
    if (segments.isEmpty()) {
      restoreEntries(run, tree, t, "");
    } else {
      Node node = null;
      for (int i = 0; i < segments.size(); i++) {
        node = tree.find(segments.get(i));
        if (node == null) {
          throw new RepositoryException("path '" + subPath + "' is not in the snapshot");
        }
        if (i < segments.size() - 1) {
          if (!node.isDir()) {
            throw new RepositoryException("path '" + subPath + "': '" + segments.get(i) + "' is not a directory");
          }
          tree = loadTree(BlobId.parse(node.subtree()));
        }
      }
      restoreNode(run, node, t, "");
    }
    flushBatch(run);
    while (!run.dirs.isEmpty()) {
      Object[] d = run.dirs.pop();
      applyMetadata(run, (Path) d[0], (Node) d[1], false);
    }
    return new RestoreResult(run.files, run.dirCount, run.symlinks, run.bytes.get(), run.skipped);
  }

  /** Splits a sub-path, refusing absolute paths, {@code .} and {@code ..}. */
  static List<String> segments(String subPath) {
    if (subPath == null || subPath.isEmpty() || subPath.equals("/")) {
      return List.of();
    }
    String p = subPath;
    if (p.startsWith("/")) {
      throw new IllegalArgumentException("restore path must be relative to the component: '" + subPath + "'");
    }
    List<String> out = new ArrayList<>();
    for (String s : p.split("/")) {
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

  private void restoreEntries(Run run, Tree tree, Path dir, String rel) throws IOException {
    for (Node n : tree.nodes()) {
      restoreNode(run, n, dir, rel);
    }
  }

  private void restoreNode(Run run, Node n, Path dir, String rel) throws IOException {
    if (!Node.isSafeName(n.name())) {
      throw new RepositoryException("unsafe name '" + n.name() + "' in snapshot tree");
    }
    Path p = dir.resolve(n.name());
    if (!p.normalize().startsWith(run.target) || p.getParent() == null
        || !p.getParent().equals(dir)) {
      throw new RepositoryException("refusing to write outside the target: " + p);
    }
    String childRel = rel.isEmpty() ? n.name() : rel + "/" + n.name();
    switch (n.type()) {
      case Node.DIR -> {
        makeDir(run, p);
        run.dirCount++;
        run.dirs.push(new Object[] {p, n});
        restoreEntries(run, loadTree(BlobId.parse(n.subtree())), p, childRel);
        run.progress.fileDone(childRel, 0);
      }
      case Node.FILE -> restoreFile(run, n, p, childRel);
      case Node.SYMLINK -> restoreSymlink(run, n, p, childRel);
      default -> {
        run.skipped.add(childRel + ": special file (fifo, socket or device) not restored");
        run.progress.warning(childRel, "special file not restored");
      }
    }
  }

  private void makeDir(Run run, Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      if (!run.options.overwrite()) {
        throw new FileAlreadyExistsException(p.toString(), null, "exists and is not a directory");
      }
      Files.delete(p);
    }
    Files.createDirectory(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  private void clear(Run run, Path p) throws IOException {
    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      if (!run.options.overwrite()) {
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

  private void restoreFile(Run run, Node n, Path p, String rel) throws IOException {
    clear(run, p);
    if (n.links() != null && n.links() > 1 && n.inode() != null && n.device() != null) {
      String key = n.device() + ":" + n.inode();
      Path first = run.hardLinks.get(key);
      if (first != null) {
        Files.createLink(p, first);
        run.files++;
        run.progress.fileDone(rel, n.size() == null ? 0 : n.size());
        return;
      }
      run.hardLinks.put(key, p);
    }
    Files.newByteChannel(p, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))).close();
    run.files++;
    long size = n.size() == null ? 0 : n.size();
    if (n.content().isEmpty()) {
      applyMetadata(run, p, n, false);
      run.progress.fileDone(rel, 0);
      return;
    }
    run.batch.add(new FileJob(p, n));
    run.batchBytes += size;
    if (run.batchBytes >= BATCH_BYTES || run.batch.size() >= BATCH_FILES) {
      flushBatch(run);
    }
  }

  private void restoreSymlink(Run run, Node n, Path p, String rel) throws IOException {
    if (!run.options.allowEscapingSymlinks() && escapes(run.target, p.getParent(), n.target())) {
      run.skipped.add(rel + ": symlink to '" + n.target() + "' points outside the target");
      run.progress.warning(rel, "symlink points outside the restore target, skipped");
      return;
    }
    clear(run, p);
    Files.createSymbolicLink(p, Paths.get(n.target()));
    run.symlinks++;
    applyMetadata(run, p, n, true);
    run.progress.fileDone(rel, 0);
  }

  /**
   * Whether a symlink in {@code dir} to {@code linkTarget} may resolve outside {@code root}.
   * Sound rule: the target must be relative, its {@code ..} segments must all come first (so it
   * never climbs out of a directory reached through another symlink), and climbing them from
   * {@code dir} (a real directory) must stay within {@code root}.
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

  private void flushBatch(Run run) throws IOException {
    if (run.batch.isEmpty()) {
      return;
    }
    Map<String, Map<BlobId, List<Target>>> byPack = new HashMap<>();
    Map<BlobId, MasterIndex.Location> locations = new HashMap<>();
    for (FileJob job : run.batch) {
      long off = 0;
      List<String> content = job.node().content();
      for (String hex : content) {
        BlobId id = BlobId.parse(hex);
        MasterIndex.Location loc = locations.computeIfAbsent(id, index::lookup);
        if (loc == null) {
          throw new BlobNotFoundException(store.describe(), "blob " + hex + " of " + job.path() + " (in no index)");
        }
        byPack.computeIfAbsent(loc.packId(), k -> new HashMap<>())
            .computeIfAbsent(id, k -> new ArrayList<>()).add(new Target(job.path(), off));
        off += loc.rawLength();
      }
    }
    List<Future<?>> futures = new ArrayList<>();
    for (var e : byPack.entrySet()) {
      List<MasterIndex.Location> locs = new ArrayList<>();
      for (BlobId id : e.getValue().keySet()) {
        locs.add(locations.get(id));
      }
      locs.sort(Comparator.comparingInt(MasterIndex.Location::offset));
      int i = 0;
      while (i < locs.size()) {
        int j = i + 1;
        long start = locs.get(i).offset();
        long end = start + locs.get(i).length();
        while (j < locs.size() && locs.get(j).offset() - end <= MAX_GAP
            && locs.get(j).offset() + locs.get(j).length() - start <= MAX_RANGE) {
          end = Math.max(end, locs.get(j).offset() + (long) locs.get(j).length());
          j++;
        }
        List<MasterIndex.Location> range = locs.subList(i, j);
        Map<BlobId, List<Target>> targets = e.getValue();
        String pack = e.getKey();
        long s = start;
        long len = end - start;
        futures.add(fetchers.submit(() -> {
          fetchRange(run, pack, s, len, range, targets);
          return null;
        }));
        i = j;
      }
    }
    await(futures);
    for (FileJob job : run.batch) {
      applyMetadata(run, job.path(), job.node(), false);
      run.progress.fileDone(run.target.relativize(job.path()).toString(), job.node().size());
    }
    run.batch.clear();
    run.batchBytes = 0;
  }

  /**
   * Reads the blobs {@code locs} of one pack with one ranged read and writes them to their
   * targets. When the range cannot be read or a blob in it is damaged, the blobs not written yet
   * are loaded one by one through the reader, which tries every other copy the index lists.
   */
  private void fetchRange(Run run, String packId, long start, long len,
      List<MasterIndex.Location> locs, Map<BlobId, List<Target>> targets) throws IOException {
    String pack = Pack.name(packId);
    int done = 0;
    try (InputStream in = store.openRange(pack, start, len)) {
      long pos = start;
      for (MasterIndex.Location loc : locs) {
        if (loc.offset() > pos) {
          in.skipNBytes(loc.offset() - pos);
          pos = loc.offset();
        }
        byte[] box = in.readNBytes(loc.length());
        pos += box.length;
        if (box.length != loc.length()) {
          throw new CorruptBlobException(loc.id().hex(), pack, "pack is truncated");
        }
        byte[] data = reader.decode(loc.type(), loc.id(), box, 0, box.length, loc.rawLength(), pack);
        write(run, data, targets.get(loc.id()));
        done++;
      }
    } catch (CorruptBlobException | StorageException | EOFException e) {
      for (MasterIndex.Location loc : locs.subList(done, locs.size())) {
        write(run, reader.load(loc.type(), loc.id()), targets.get(loc.id()));
      }
    }
  }

  private static void write(Run run, byte[] data, List<Target> targets) throws IOException {
    for (Target t : targets) {
      try (FileChannel ch = FileChannel.open(t.path(), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        ByteBuffer b = ByteBuffer.wrap(data);
        long at = t.fileOffset();
        while (b.hasRemaining()) {
          at += ch.write(b, at);
        }
      }
      run.bytes.addAndGet(data.length);
      run.progress.bytesProcessed(data.length);
    }
  }

  private void applyMetadata(Run run, Path p, Node n, boolean symlink) {
    try {
      if (run.options.restoreOwnership() && n.uid() != null && n.gid() != null) {
        Files.setAttribute(p, "unix:uid", n.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", n.gid(), LinkOption.NOFOLLOW_LINKS);
      }
      if (!symlink) {
        Files.setAttribute(p, "unix:mode", n.mode(), LinkOption.NOFOLLOW_LINKS);
      }
      FileTime mtime = FileTime.from(n.mtimeNs(), TimeUnit.NANOSECONDS);
      Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(mtime, null, null);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      String rel = run.target.relativize(p).toString();
      run.progress.warning(rel, "cannot restore metadata: " + e.getMessage());
    }
  }

  /** Writes the content of the single file node of a stream component's tree to {@code out}. */
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

  private static void await(List<Future<?>> futures) throws IOException {
    IOException first = null;
    for (Future<?> f : futures) {
      try {
        TaskResults.get(f);
      } catch (IOException e) {
        if (first == null) {
          first = e;
          for (Future<?> g : futures) {
            g.cancel(true);
          }
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public void close() {
    fetchers.shutdownNow();
  }
}
