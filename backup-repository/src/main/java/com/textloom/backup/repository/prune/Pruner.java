package com.textloom.backup.repository.prune;

import com.textloom.backup.repository.PruneOptions;
import com.textloom.backup.repository.PruneReport;
import com.textloom.backup.repository.RepositoryException;
import com.textloom.backup.repository.crypto.FileIds;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.index.BlobReader;
import com.textloom.backup.repository.index.IndexFile;
import com.textloom.backup.repository.index.IndexLoader;
import com.textloom.backup.repository.index.MasterIndex;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.pack.Pack;
import com.textloom.backup.repository.pack.PackBuilder;
import com.textloom.backup.repository.pack.PackEntry;
import com.textloom.backup.repository.pack.SealedFiles;
import com.textloom.backup.repository.snapshot.SnapshotFile;
import com.textloom.backup.repository.snapshot.SnapshotStore;
import com.textloom.backup.repository.storage.BlobSource;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.tree.Node;
import com.textloom.backup.repository.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes data no snapshot references (FORMAT.md §10, invariants 5 and 6).
 *
 * <ol>
 *   <li><b>Mark</b>: read every index file, walk every snapshot's trees: the used blobs.</li>
 *   <li><b>Plan</b>: a pack with no used blob goes; a pack whose unused bytes exceed the repack
 *       threshold is repacked; a pack no index lists goes only if its id's creation time is older
 *       than the safety margin (a backup running meanwhile has not indexed its packs yet).</li>
 *   <li><b>Repack</b>: the used blobs of repacked packs are copied, still sealed (a blob's
 *       associated data does not name its pack), into new packs, which are stored.</li>
 *   <li><b>Index</b>: new index files listing every used blob in the kept and new packs are
 *       stored, then the old index files are deleted.</li>
 *   <li><b>Delete</b>: only now, packs that left the index are deleted.</li>
 * </ol>
 *
 * A crash at any step leaves a repository where every snapshot is complete: before step 4 the old
 * index is intact; between 4 and 5 both old and new indexes are valid; after 4 the leftover packs
 * are unindexed and old, and the next prune deletes them. Run it under the repository's exclusive
 * lock so that no backup starts between mark and delete.
 */
public final class Pruner {
  private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);
  private static final int PACKS_PER_INDEX = 1000;

  private final BlobStore store;
  private final MasterKey key;
  private final SnapshotStore snapshots;
  private final int packSize;
  private final int jobs;

  public Pruner(BlobStore store, MasterKey key, SnapshotStore snapshots, int packSize, int jobs) {
    this.store = store;
    this.key = key;
    this.snapshots = snapshots;
    this.packSize = packSize;
    this.jobs = jobs;
  }

  public PruneReport prune(PruneOptions options) throws IOException {
    Map<String, IndexFile> indexFiles = IndexLoader.readAll(store, key, jobs);
    Map<String, Map<BlobId, PackEntry>> packs = new LinkedHashMap<>();
    MasterIndex index = new MasterIndex();
    for (IndexFile f : indexFiles.values()) {
      for (IndexFile.PackRecord p : f.packs()) {
        Map<BlobId, PackEntry> m = packs.computeIfAbsent(p.packId(), k -> new LinkedHashMap<>());
        for (PackEntry e : p.entries()) {
          m.putIfAbsent(e.id(), e);
        }
        index.add(p.packId(), p.entries());
      }
    }
    Map<String, Long> stored = new HashMap<>();
    for (BlobStore.BlobInfo b : store.list("data/")) {
      stored.put(Pack.idOf(b.name()), b.size());
    }

    Set<BlobId> used = mark(new BlobReader(store, key, index));

    // plan
    Set<String> delete = new HashSet<>();
    Set<String> repack = new HashSet<>();
    Set<String> keep = new HashSet<>();
    long blobsRemoved = 0;
    for (var e : packs.entrySet()) {
      if (!stored.containsKey(e.getKey())) {
        continue;
      }
      long total = 0;
      long usedBytes = 0;
      for (PackEntry p : e.getValue().values()) {
        total += p.length();
        if (used.contains(p.id())) {
          usedBytes += p.length();
        }
      }
      if (usedBytes == 0) {
        delete.add(e.getKey());
      } else if (total - usedBytes > options.repackThreshold() * total) {
        repack.add(e.getKey());
      } else {
        keep.add(e.getKey());
      }
    }
    // where each used blob will live: a kept pack if any, else it is copied out of a repacked one
    Map<BlobId, String> home = new HashMap<>();
    for (String p : keep) {
      for (BlobId id : packs.get(p).keySet()) {
        if (used.contains(id)) {
          home.putIfAbsent(id, p);
        }
      }
    }
    Map<String, List<PackEntry>> toCopy = new LinkedHashMap<>();
    for (String p : repack) {
      for (PackEntry e : packs.get(p).values()) {
        if (used.contains(e.id()) && !home.containsKey(e.id())) {
          home.put(e.id(), "(new)");
          toCopy.computeIfAbsent(p, k -> new ArrayList<>()).add(e);
        }
      }
    }
    for (BlobId id : used) {
      if (!home.containsKey(id)) {
        throw new RepositoryException("blob " + id.hex() + " needed by a snapshot is in no stored "
            + "pack: the repository is damaged, run verify; prune refuses to continue");
      }
    }
    for (var e : packs.entrySet()) {
      for (BlobId id : e.getValue().keySet()) {
        if (!used.contains(id)) {
          blobsRemoved++;
        }
      }
    }
    Instant cutoff = Instant.now().minus(options.safetyMargin());
    List<String> orphans = new ArrayList<>();
    int orphansKept = 0;
    for (String p : stored.keySet()) {
      if (!packs.containsKey(p)) {
        if (FileIds.isValid(p) && FileIds.createdAt(p).isBefore(cutoff)) {
          orphans.add(p);
        } else {
          orphansKept++;
        }
      }
    }
    long freed = 0;
    for (String p : delete) {
      freed += stored.get(p);
    }
    for (String p : repack) {
      freed += stored.get(p);
    }
    for (String p : orphans) {
      freed += stored.get(p);
    }
    if (options.dryRun()) {
      return new PruneReport(true, delete.size() + repack.size() + orphans.size(), repack.size(),
          blobsRemoved, freed, orphansKept);
    }

    // repack: copy sealed blobs into new packs
    List<IndexFile.PackRecord> newPacks = new ArrayList<>();
    PackBuilder[] open = new PackBuilder[BlobType.values().length];
    long written = 0;
    for (var e : toCopy.entrySet()) {
      String pack = Pack.name(e.getKey());
      byte[] bytes;
      try (InputStream in = store.open(pack)) {
        bytes = in.readAllBytes();
      }
      for (PackEntry p : e.getValue()) {
        byte[] box = Arrays.copyOfRange(bytes, p.offset(), p.offset() + p.length());
        // authenticate before copying: never spread a damaged blob
        BlobReader.decode(key, p.type(), p.id(), box, 0, box.length, p.rawLength(), pack);
        PackBuilder pb = open[p.type().code()];
        if (pb == null) {
          pb = new PackBuilder(FileIds.newId(), packSize + (packSize >> 3));
          open[p.type().code()] = pb;
        }
        pb.add(p.type(), p.id(), box, p.rawLength());
        if (pb.size() >= packSize) {
          written += storePack(pb, newPacks);
          open[p.type().code()] = null;
        }
      }
    }
    for (PackBuilder pb : open) {
      if (pb != null && !pb.isEmpty()) {
        written += storePack(pb, newPacks);
      }
    }

    // new index: used blobs of kept packs + new packs; then drop the old index files
    boolean changed = !delete.isEmpty() || !repack.isEmpty() || blobsRemoved > 0;
    if (changed) {
      List<IndexFile.PackRecord> records = new ArrayList<>(newPacks);
      for (String p : keep) {
        List<PackEntry> entries = new ArrayList<>();
        for (PackEntry e : packs.get(p).values()) {
          if (used.contains(e.id())) {
            entries.add(e);
          }
        }
        records.add(new IndexFile.PackRecord(p, entries));
      }
      List<String> supersedes = new ArrayList<>(indexFiles.keySet());
      for (int i = 0; i < records.size(); i += PACKS_PER_INDEX) {
        List<IndexFile.PackRecord> part = records.subList(i, Math.min(records.size(), i + PACKS_PER_INDEX));
        IndexFile f = new IndexFile(System.currentTimeMillis(), i == 0 ? supersedes : List.of(), part);
        SealedFiles.write(store, key, "index/" + FileIds.newId(), f.encode(), 3);
      }
      for (String old : indexFiles.keySet()) {
        store.delete("index/" + old);
      }
    }
    // packs leave the store only after they left the index
    for (String p : delete) {
      store.delete(Pack.name(p));
    }
    for (String p : repack) {
      store.delete(Pack.name(p));
    }
    for (String p : orphans) {
      store.delete(Pack.name(p));
    }
    LOG.info("prune: deleted {} packs, repacked {}, removed {} unused blobs, freed {} bytes",
        delete.size() + repack.size() + orphans.size(), repack.size(), blobsRemoved, freed - written);
    return new PruneReport(false, delete.size() + repack.size() + orphans.size(), repack.size(),
        blobsRemoved, freed - written, orphansKept);
  }

  private long storePack(PackBuilder pb, List<IndexFile.PackRecord> out) throws IOException {
    BlobSource src = pb.finish(key);
    store.put(Pack.name(pb.packId()), src);
    out.add(new IndexFile.PackRecord(pb.packId(), List.copyOf(pb.entries())));
    return src.length();
  }

  /** Every blob (tree and data) some snapshot references, read after the lock is held. */
  private Set<BlobId> mark(BlobReader reader) throws IOException {
    Set<BlobId> used = new HashSet<>();
    for (SnapshotFile s : snapshots.all()) {
      for (SnapshotFile.Component c : s.components()) {
        markTree(reader, BlobId.parse(c.root()), used);
      }
    }
    return used;
  }

  private void markTree(BlobReader reader, BlobId id, Set<BlobId> used) throws IOException {
    if (!used.add(id)) {
      return;
    }
    Tree t = Tree.decode(reader.load(BlobType.TREE, id), id.hex());
    for (Node n : t.nodes()) {
      if (n.isFile()) {
        for (String hex : n.content()) {
          used.add(BlobId.parse(hex));
        }
      } else if (n.isDir()) {
        markTree(reader, BlobId.parse(n.subtree()), used);
      }
    }
  }
}
