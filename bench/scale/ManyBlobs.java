import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.archiver.BlobSaver;
import com.textloom.backup.repository.crypto.FileIds;
import com.textloom.backup.repository.crypto.KeySlot;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.index.IndexLoader;
import com.textloom.backup.repository.index.MasterIndex;
import com.textloom.backup.repository.lock.LockKind;
import com.textloom.backup.repository.lock.RepositoryLock;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.snapshot.SnapshotFile;
import com.textloom.backup.repository.snapshot.SnapshotStore;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import com.textloom.backup.repository.tree.Attributes;
import com.textloom.backup.repository.tree.Node;
import com.textloom.backup.repository.tree.Tree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a repository of many small real blobs for the 5 M-blob goal of issue #12 (bench/scale/many-blobs.sh).
 *
 * <p>Everything goes through backup-repository's own writers: each blob is a distinct 16..64-byte content saved
 * by {@link BlobSaver#save} (HMAC id, zstd decision, AES-256-GCM box, packed by PackWriter, stored, indexed by
 * index files exactly as a backup writes them), the directory trees are {@link Tree} blobs saved the same way,
 * and the snapshot manifests are written by {@link SnapshotStore}. Only the file contents are synthetic: real
 * data cannot make 5 M blobs here (the smallest average chunk is 64 KiB, so 5 M chunks are over 300 GiB).
 *
 * <p>Shape: {@code blobs} data blobs; snapshot "old" references the first {@code old} of them, snapshot "new"
 * the next {@code live}, one file of one blob per blob, 1000 files per directory; the rest is referenced by no
 * snapshot (prune's work). The saver is flushed every {@value #FLUSH} new blobs: an index file then lists at most
 * that many blobs, as a backup of real data (a 16 MiB pack holds tens of blobs, 64 packs an index file) and
 * restic (at most 50 000 blobs per index file) have it; a single index file of millions of tiny blobs is a shape
 * no real backup writes.
 *
 * <pre>
 *   BACKUP_ENCRYPTION_KEY=... java -Xmx3g -cp CP ManyBlobs REPO_DIR BLOBS OLD LIVE
 * </pre>
 * prints {@code RESULT seconds blobs packs-bytes snapshot-old snapshot-new};
 * {@code ManyBlobs index REPO_DIR} prints the heap the repository's loaded index takes, per entry.
 */
public final class ManyBlobs {
  private static final int FLUSH = 50_000;
  private static final int FILES_PER_DIR = 1000;

  private ManyBlobs() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("index")) {
      measureIndex(Path.of(args[1]));
      return;
    }
    if (args.length != 4) {
      System.err.println("usage: ManyBlobs REPO_DIR BLOBS OLD LIVE   (BACKUP_ENCRYPTION_KEY in the environment)");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    long blobs = Long.parseLong(args[1]);
    long old = Long.parseLong(args[2]);
    long live = Long.parseLong(args[3]);
    if (old + live > blobs) {
      throw new IllegalArgumentException("OLD + LIVE must not exceed BLOBS");
    }
    KeySource keySource = KeySource.fromEnvironment(System.getenv());
    RepositoryOptions options = RepositoryOptions.fromEnvironment(System.getenv());
    long start = System.nanoTime();
    BlobStore store = LocalBlobStore.open(dir);
    try (Repository repo = Repository.init(store, keySource, options);
        RepositoryLock lock = repo.lock(LockKind.SHARED, "bench many-blobs")) {
      MasterKey key = masterKey(store, keySource);
      MasterIndex index = new MasterIndex();
      int level = options.compressionEnabled() ? options.compressionLevel() : 0;
      Generator g = new Generator(new BlobSaver(store, key, index, repo.config().packSize(), level,
          options.parallelJobs(), repo.config().chunkerParams().maxSize()), lock);
      SnapshotStore snapshots = new SnapshotStore(store, key);
      String first = g.snapshot(snapshots, "old", 0, old, Instant.now().minusSeconds(86_400));
      String second = g.snapshot(snapshots, "new", old, old + live, Instant.now());
      for (long i = old + live; i < blobs; i++) {  // referenced by no snapshot
        g.data(i);
      }
      g.saver.flush();
      lock.checkValid();
      g.saver.close();
      double secs = (System.nanoTime() - start) / 1e9;
      System.out.printf("RESULT %.1f %d %d %s %s%n", secs, index.size(), store.list("data/").stream()
          .mapToLong(BlobStore.BlobInfo::size).sum(), first, second);
    }
  }

  /**
   * Loads the repository's index as every command does ({@link IndexLoader#load}) and prints the heap it
   * holds: used heap after a full collection with the index loaded, minus before.
   */
  private static void measureIndex(Path dir) throws Exception {
    BlobStore store = LocalBlobStore.open(dir);
    MasterKey key = masterKey(store, KeySource.fromEnvironment(System.getenv()));
    long before = usedAfterGc();
    long start = System.nanoTime();
    MasterIndex index = IndexLoader.load(store, key, 2);
    double secs = (System.nanoTime() - start) / 1e9;
    long after = usedAfterGc();
    int n = index.size();
    System.out.printf("index %d entries: %.1f MB of heap, %.1f bytes per entry (loaded in %.1f s, heap max %d MB)%n",
        n, (after - before) / 1e6, (after - before) / (double) n, secs, Runtime.getRuntime().maxMemory() >> 20);
    java.lang.ref.Reference.reachabilityFence(index);
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The master key, unwrapped from the key slot as Repository.open does. */
  private static MasterKey masterKey(BlobStore store, KeySource source) throws Exception {
    for (BlobStore.BlobInfo b : store.list("keys/")) {
      String id = b.name().substring("keys/".length());
      Optional<MasterKey> k = KeySlot.parse(id, store.readAll(b.name())).unwrap(id, source);
      if (k.isPresent()) {
        return k.get();
      }
    }
    throw new IllegalStateException("no key slot opens with the given key");
  }

  private static final class Generator {
    final BlobSaver saver;
    final RepositoryLock lock;
    long unflushed;
    final Attributes attrs = new Attributes(0644, 1000, 1000, "bench", "bench", 1_700_000_000_000_000_000L);
    final Attributes dirAttrs = new Attributes(0755, 1000, 1000, "bench", "bench", 1_700_000_000_000_000_000L);

    Generator(BlobSaver saver, RepositoryLock lock) {
      this.saver = saver;
      this.lock = lock;
    }

    /** Saves data blob {@code i}: a distinct content of 16..64 bytes. */
    BlobId data(long i) throws Exception {
      String s = "blob " + i + " " + "textloom-backup-scale-0123456789abcdef".substring(0, (int) (i * 7919 % 39));
      byte[] content = s.getBytes(StandardCharsets.US_ASCII);
      if (content.length < 16) {
        content = (s + " padding to sixteen").substring(0, 16).getBytes(StandardCharsets.US_ASCII);
      }
      BlobId id = saver.save(BlobType.DATA, content);
      if (++unflushed >= FLUSH) {
        saver.flush();
        lock.checkValid();
        unflushed = 0;
        System.err.printf("%s %d blobs%n", Instant.now(), i + 1);
      }
      return id;
    }

    /** A snapshot of one component whose files hold data blobs [from, to), one each. */
    String snapshot(SnapshotStore snapshots, String name, long from, long to, Instant time) throws Exception {
      List<Node> dirs = new ArrayList<>();
      long bytes = 0;
      for (long d = from; d < to; d += FILES_PER_DIR) {
        List<Node> files = new ArrayList<>();
        for (long i = d; i < Math.min(to, d + FILES_PER_DIR); i++) {
          BlobId id = data(i);
          long size = 16 + i * 7919 % 39;  // not used by verify or prune; roughly the content's size
          files.add(Node.file(String.format("f%07d", i), attrs, size, null, null, null, List.of(id.hex())));
          bytes += size;
        }
        BlobId tree = saver.save(BlobType.TREE, Tree.sorted(files).encode());
        dirs.add(Node.dir(String.format("d%07d", d / FILES_PER_DIR), dirAttrs, tree.hex()));
      }
      BlobId root = saver.save(BlobType.TREE, Tree.sorted(dirs).encode());
      saver.flush();  // every blob the snapshot needs is stored and indexed before its manifest
      lock.checkValid();
      unflushed = 0;
      String id = FileIds.newId(time.toEpochMilli());
      SnapshotFile s = new SnapshotFile(1, id, time.toString(), "full", List.of("bench-scale", name), null,
          "bench-scale", List.of(new SnapshotFile.Component("synthetic", "tree", root.hex(), to - from,
              dirs.size() + 1, bytes, 0, 0, Map.of("generator", "bench/scale/ManyBlobs.java"))));
      snapshots.write(s, 3);
      System.err.printf("%s snapshot %s: %d files in %d directories%n", Instant.now(), id, to - from, dirs.size());
      return id;
    }
  }
}
