package com.textloom.backup.repository.verify;

import com.textloom.backup.repository.parallel.TaskResults;
import com.textloom.backup.repository.CorruptBlobException;
import com.textloom.backup.repository.VerifyOptions;
import com.textloom.backup.repository.VerifyReport;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.index.BlobReader;
import com.textloom.backup.repository.index.IndexFile;
import com.textloom.backup.repository.index.IndexLoader;
import com.textloom.backup.repository.index.MasterIndex;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.pack.Pack;
import com.textloom.backup.repository.pack.PackEntry;
import com.textloom.backup.repository.snapshot.SnapshotFile;
import com.textloom.backup.repository.snapshot.SnapshotStore;
import com.textloom.backup.repository.storage.BlobNotFoundException;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.StorageException;
import com.textloom.backup.repository.tree.Node;
import com.textloom.backup.repository.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks a repository. Quick: every index file and snapshot opens, every tree blob a snapshot
 * needs loads, every blob it references is indexed and its pack exists and is long enough.
 * Read-data: every indexed blob of the packs concerned (or of a random sample of them, see
 * {@link VerifyOptions}) is downloaded, authenticated, decoded and
 * re-hashed; the pack header must agree with the index. Every indexed copy of a blob is checked
 * (FORMAT.md §7: any listed copy is valid): each damaged copy is reported with its pack and the
 * snapshots that need the blob, and with the pack of a copy that checked good when there is one
 * (the blob is then still readable; reads fall back to that copy).
 */
public final class Verifier {
  private final BlobStore store;
  private final MasterKey key;
  private final SnapshotStore snapshots;
  private final int jobs;
  private final List<String> errors = new ArrayList<>();
  /** Damaged copies: a blob in a pack (pack {@code null}: in no pack at all). */
  private final Map<Copy, Damage> damaged = new ConcurrentHashMap<>();
  /** Blobs with a copy that checked good, and that copy's pack. */
  private final Map<BlobId, String> readable = new ConcurrentHashMap<>();
  private final AtomicLong blobsChecked = new AtomicLong();
  private final AtomicLong bytesRead = new AtomicLong();
  private MasterIndex index;
  private BlobReader reader;
  private int damagedIndexFiles;
  /** Pack id → size, as listed when verify started. */
  private Map<String, Long> packSizes;

  private record Copy(BlobId id, String pack) {}

  private record Damage(BlobType type, String problem) {}

  private void damage(BlobId id, BlobType type, String pack, String problem) {
    damaged.putIfAbsent(new Copy(id, pack), new Damage(type, problem));
  }

  public Verifier(BlobStore store, MasterKey key, SnapshotStore snapshots, int jobs) {
    this.store = store;
    this.key = key;
    this.snapshots = snapshots;
    this.jobs = jobs;
  }

  /**
   * Checks with {@code options}; the packs of a read-data sample ({@link VerifyOptions#sampled()})
   * are drawn from {@code random}, each pack with the same chance.
   */
  public VerifyReport verify(VerifyOptions options, Random random) throws IOException {
    index = loadIndex();
    reader = new BlobReader(store, key, index);
    packSizes = new HashMap<>();
    for (BlobStore.BlobInfo b : store.list("data/")) {
      packSizes.put(Pack.idOf(b.name()), b.size());
    }
    List<SnapshotFile> selected = selectSnapshots(options);
    Set<BlobId> referenced = new HashSet<>();
    Set<BlobId> seenTrees = new HashSet<>();
    for (SnapshotFile s : selected) {
      for (SnapshotFile.Component c : s.components()) {
        walk(BlobId.parse(c.root()), referenced, seenTrees);
      }
    }
    Map<String, List<PackEntry>> byPack = index.byPack();
    Set<String> toRead = options.readData() ? new HashSet<>() : Set.of();
    long packsChecked = 0;
    for (var e : byPack.entrySet()) {
      String pack = Pack.name(e.getKey());
      Long size = packSizes.get(e.getKey());
      boolean needed = options.snapshots().isEmpty()
          || e.getValue().stream().anyMatch(p -> referenced.contains(p.id()));
      if (!needed) {
        continue;
      }
      packsChecked++;
      if (options.readData() && size != null) {
        toRead.add(e.getKey());
      }
      for (PackEntry p : e.getValue()) {
        if (size == null) {
          damage(p.id(), p.type(), pack, "pack is missing");
        } else if ((long) p.offset() + p.length() > size) {
          damage(p.id(), p.type(), pack, "pack is truncated");
        } else if (!options.readData()) {
          readable.putIfAbsent(p.id(), pack);
        }
      }
      if (size == null) {
        errors.add("pack " + pack + " is listed in the index but missing from the store");
      }
    }
    if (options.sampled()) {
      toRead = sample(toRead, options.readDataPercent(), random);
      for (var e : byPack.entrySet()) {  // not read this run: the quick checks stand for them
        if (!toRead.contains(e.getKey()) && packSizes.containsKey(e.getKey())) {
          String pack = Pack.name(e.getKey());
          e.getValue().forEach(p -> readable.putIfAbsent(p.id(), pack));
        }
      }
    }
    if (options.readData()) {
      readData(byPack, packSizes, toRead, options.snapshots().isEmpty() ? null : referenced);
    }
    List<VerifyReport.DamagedBlob> report = attribute(selected);
    return new VerifyReport(options.readData(), selected.size(), packsChecked, blobsChecked.get(),
        bytesRead.get(), report, errors, toRead.size());
  }

  /**
   * {@code percent} % of {@code packs} (rounded up), drawn uniformly: a shuffle of the sorted ids,
   * so every pack has the same chance and the draw depends only on {@code random}.
   */
  static Set<String> sample(Set<String> packs, int percent, Random random) {
    List<String> all = new ArrayList<>(packs);
    all.sort(null);
    Collections.shuffle(all, random);
    int n = (int) Math.ceil(all.size() * percent / 100.0);
    return new HashSet<>(all.subList(0, n));
  }

  private MasterIndex loadIndex() throws IOException {
    MasterIndex idx = new MasterIndex();
    IndexLoader.Loaded loaded = IndexLoader.readAll(store, key, jobs);
    for (IndexFile f : loaded.files().values()) {
      for (IndexFile.PackRecord p : f.packs()) {
        idx.add(p.packId(), p.entries());
      }
    }
    damagedIndexFiles = loaded.damaged().size();
    for (var e : loaded.damaged().entrySet()) {
      errors.add("index file " + IndexLoader.PREFIX + e.getKey() + " is damaged: " + e.getValue()
          + " (rebuild the index from the packs with 'repair index')");
    }
    return idx;
  }

  private List<SnapshotFile> selectSnapshots(VerifyOptions options) throws IOException {
    List<SnapshotFile> out = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    if (options.snapshots().isEmpty()) {
      ids.addAll(snapshots.ids());
    } else {
      for (String s : options.snapshots()) {
        ids.add(snapshots.resolve(s));
      }
    }
    for (String id : ids) {
      try {
        out.add(snapshots.read(id));
      } catch (BlobNotFoundException gone) {
        // forgotten meanwhile
      } catch (CorruptBlobException e) {
        errors.add("snapshot " + id + " is damaged: " + e.getMessage());
      }
    }
    return out;
  }

  private void walk(BlobId treeId, Set<BlobId> referenced, Set<BlobId> seenTrees) throws IOException {
    referenced.add(treeId);
    if (!seenTrees.add(treeId)) {
      return;
    }
    Tree tree = loadTree(treeId);
    if (tree == null) {
      return;
    }
    for (Node n : tree.nodes()) {
      if (n.isFile()) {
        for (String hex : n.content()) {
          BlobId id = BlobId.parse(hex);
          if (referenced.add(id) && !index.has(id)) {
            damage(id, BlobType.DATA, null, notIndexed());
          }
        }
      } else if (n.isDir()) {
        walk(BlobId.parse(n.subtree()), referenced, seenTrees);
      }
    }
  }

  private Tree loadTree(BlobId id) throws IOException {
    try {
      return Tree.decode(reader.load(BlobType.TREE, id), id.hex());
    } catch (BlobNotFoundException e) {
      damage(id, BlobType.TREE, packOf(id), index.has(id) ? "pack is missing" : notIndexed());
    } catch (CorruptBlobException e) {
      damage(id, BlobType.TREE, packOf(id), e.getMessage());
    } catch (StorageException e) {
      // a store refuses a ranged read past a pack's end: damage when every copy lies past the
      // end of its pack as listed, an outage otherwise
      if (!everyCopyCutOff(id)) {
        throw e;
      }
      damage(id, BlobType.TREE, packOf(id), "pack is truncated");
    }
    return null;
  }

  /** Whether every indexed copy of {@code id} is in a pack listed shorter than the copy's end. */
  private boolean everyCopyCutOff(BlobId id) {
    List<MasterIndex.Location> copies = index.lookupAll(id);
    for (MasterIndex.Location l : copies) {
      Long size = packSizes.get(l.packId());
      if (size != null && (long) l.offset() + l.length() <= size) {
        return false;
      }
    }
    return !copies.isEmpty();
  }

  /** The problem of a blob no readable index lists: missing, or listed by a damaged index file. */
  private String notIndexed() {
    return damagedIndexFiles == 0 ? "in no index (missing)" : "in no readable index (" + damagedIndexFiles
        + " damaged index file(s) may list it: run 'repair index')";
  }

  private String packOf(BlobId id) {
    MasterIndex.Location loc = index.lookup(id);
    return loc == null ? null : Pack.name(loc.packId());
  }

  private void readData(Map<String, List<PackEntry>> byPack, Map<String, Long> sizes,
      Set<String> packs, Set<BlobId> only) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (var e : byPack.entrySet()) {
        Long size = sizes.get(e.getKey());
        if (size == null || !packs.contains(e.getKey())) {
          continue;
        }
        List<PackEntry> entries = only == null ? e.getValue()
            : e.getValue().stream().filter(p -> only.contains(p.id())).toList();
        if (entries.isEmpty()) {
          continue;
        }
        futures.add(pool.submit(() -> {
          checkPack(e.getKey(), size, entries);
          return null;
        }));
      }
      for (Future<?> f : futures) {
        TaskResults.get(f);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void checkPack(String packId, long size, List<PackEntry> entries) throws IOException {
    String pack = Pack.name(packId);
    byte[] bytes;
    try (InputStream in = store.open(pack)) {
      bytes = in.readNBytes((int) Math.min(size, Integer.MAX_VALUE - 16));
    } catch (BlobNotFoundException gone) {
      for (PackEntry p : entries) {
        damage(p.id(), p.type(), pack, "pack is missing");
      }
      return;
    }
    bytesRead.addAndGet(bytes.length);
    Map<BlobId, PackEntry> header = new HashMap<>();
    try {
      for (PackEntry h : Pack.parse(bytes, bytes.length, pack, key)) {
        header.put(h.id(), h);
      }
    } catch (CorruptBlobException e) {
      synchronized (errors) {
        errors.add("pack " + pack + " has a damaged header: " + e.getMessage());
      }
      header = null;
    }
    for (PackEntry p : entries) {
      blobsChecked.incrementAndGet();
      if (header != null) {
        PackEntry h = header.get(p.id());
        if (h == null || h.offset() != p.offset() || h.length() != p.length() || h.type() != p.type()) {
          damage(p.id(), p.type(), pack, "pack header disagrees with the index");
          continue;
        }
      }
      if ((long) p.offset() + p.length() > bytes.length) {
        damage(p.id(), p.type(), pack, "pack is truncated");
        continue;
      }
      try {
        BlobReader.decode(key, p.type(), p.id(), bytes, p.offset(), p.length(), p.rawLength(), pack);
        readable.putIfAbsent(p.id(), pack);
      } catch (CorruptBlobException e) {
        damage(p.id(), p.type(), pack, e.getMessage());
      }
    }
  }

  /**
   * Names, for each damaged copy, the snapshots that need its blob, and another copy of the blob
   * that checked good, if any (the blob is then still readable: reads fall back to it).
   */
  private List<VerifyReport.DamagedBlob> attribute(List<SnapshotFile> selected) throws IOException {
    if (damaged.isEmpty()) {
      return List.of();
    }
    Set<BlobId> damagedIds = new HashSet<>();
    damaged.keySet().forEach(c -> damagedIds.add(c.id()));
    Map<BlobId, List<String>> needers = new LinkedHashMap<>();
    Map<BlobId, Set<BlobId>> memo = new HashMap<>();
    for (SnapshotFile s : selected) {
      Set<BlobId> hits = new HashSet<>();
      for (SnapshotFile.Component c : s.components()) {
        hits.addAll(damagedUnder(BlobId.parse(c.root()), damagedIds, memo));
      }
      for (BlobId b : hits) {
        needers.computeIfAbsent(b, k -> new ArrayList<>()).add(s.id());
      }
    }
    List<VerifyReport.DamagedBlob> out = new ArrayList<>();
    for (var e : damaged.entrySet()) {
      Copy c = e.getKey();
      Damage d = e.getValue();
      String good = readable.get(c.id());
      if (good != null && good.equals(c.pack())) {
        good = null;
      }
      String problem = good == null ? d.problem()
          : d.problem() + "; still readable from its copy in " + good;
      out.add(new VerifyReport.DamagedBlob(c.id().hex(), d.type().label(), c.pack(), problem,
          needers.getOrDefault(c.id(), List.of()), good));
    }
    out.sort(Comparator.comparing(VerifyReport.DamagedBlob::blobId)
        .thenComparing(b -> b.pack() == null ? "" : b.pack()));
    return out;
  }

  private Set<BlobId> damagedUnder(BlobId treeId, Set<BlobId> damagedIds,
      Map<BlobId, Set<BlobId>> memo) {
    Set<BlobId> known = memo.get(treeId);
    if (known != null) {
      return known;
    }
    Set<BlobId> out = new HashSet<>();
    memo.put(treeId, out);
    if (damagedIds.contains(treeId)) {
      out.add(treeId);
      return out;
    }
    Tree tree;
    try {
      tree = Tree.decode(reader.load(BlobType.TREE, treeId), treeId.hex());
    } catch (IOException e) {
      out.add(treeId);
      return out;
    }
    for (Node n : tree.nodes()) {
      if (n.isFile()) {
        for (String hex : n.content()) {
          BlobId id = BlobId.parse(hex);
          if (damagedIds.contains(id)) {
            out.add(id);
          }
        }
      } else if (n.isDir()) {
        out.addAll(damagedUnder(BlobId.parse(n.subtree()), damagedIds, memo));
      }
    }
    return out;
  }
}
