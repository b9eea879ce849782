package com.textloom.backup.repository.prune;

import com.textloom.backup.repository.PruneOptions;
import com.textloom.backup.repository.PruneReport;
import com.textloom.backup.repository.RepositoryException;
import com.textloom.backup.repository.crypto.FileIds;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.index.BlobMarks;
import com.textloom.backup.repository.index.BlobReader;
import com.textloom.backup.repository.index.IndexFile;
import com.textloom.backup.repository.index.IndexLoader;
import com.textloom.backup.repository.index.MasterIndex;
import com.textloom.backup.repository.lock.RepositoryLock;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.pack.Pack;
import com.textloom.backup.repository.pack.PackBuilder;
import com.textloom.backup.repository.pack.PackEntry;
import com.textloom.backup.repository.pack.PackWriter;
import com.textloom.backup.repository.snapshot.SnapshotFile;
import com.textloom.backup.repository.snapshot.SnapshotStore;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.tree.Node;
import com.textloom.backup.repository.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes data no snapshot references (FORMAT.md §10, invariants 5 and 6), marking first and
 * deleting after, so that backups are blocked only for the short delete phase.
 *
 * <ol>
 *   <li><b>Mark</b> (shared lock, backups run on): read every index file, walk every snapshot's
 *       trees: the used blobs.</li>
 *   <li><b>Plan</b>: a pack with no used blob goes; a pack whose unused bytes exceed the repack
 *       threshold is repacked; a pack no index lists goes only if its id's creation time is older
 *       than the safety margin (it may belong to a backup whose index is not written yet).</li>
 *   <li><b>Repack</b> (still shared): the used blobs of repacked packs are copied, still sealed (a
 *       blob's associated data does not name its pack), into new packs, which are stored.</li>
 *   <li><b>Re-mark</b> (exclusive lock: no backup runs now): snapshots committed since step 1 are
 *       walked; a pack holding a blob one of them reuses is kept after all; packs indexed since
 *       step 1 are left alone.</li>
 *   <li><b>Index</b>: new index files listing every used blob in the kept and new packs are
 *       stored, then the index files read in step 1 are deleted.</li>
 *   <li><b>Delete</b>: only now, packs that left the index are deleted, checking the lease
 *       before each deletion.</li>
 * </ol>
 *
 * A crash at any step leaves a repository where every snapshot is complete: before step 5 the old
 * index is intact; during 5 both old and new indexes are valid; after 5 the leftover packs are
 * unindexed and old, and the next prune deletes them.
 */
public final class Pruner {
    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);

    private final BlobStore store;
    private final MasterKey key;
    private final SnapshotStore snapshots;
    /** The packs repacking fills. */
    private final PackWriter packs;

    private final int jobs;

    public Pruner(BlobStore store, MasterKey key, SnapshotStore snapshots, int packSize, int jobs) {
        this.store = store;
        this.key = key;
        this.snapshots = snapshots;
        this.packs = new PackWriter(packSize);
        this.jobs = jobs;
    }

    /** Takes the locks prune needs; the repository supplies them. */
    public interface Locks {
        RepositoryLock shared() throws IOException;

        RepositoryLock exclusive() throws IOException;
    }

    /**
     * The entries of one pack, each blob once (the index may list a blob twice in the same pack).
     */
    private static List<PackEntry> once(MasterIndex index, List<PackEntry> entries) {
        Set<BlobId> twice = null;
        List<PackEntry> out = new ArrayList<>(entries.size());
        for (PackEntry e : entries) {
            if (index.hasOtherCopies(e.id())) {
                if (twice == null) {
                    twice = new HashSet<>();
                }
                if (!twice.add(e.id())) {
                    continue;
                }
            }
            out.add(e);
        }
        return out;
    }

    /**
     * What prune decided under the shared lock (steps 1 and 2): the index files and packs it read,
     * the blobs in use, and each stored, indexed pack's fate. The exclusive phase may still move a
     * pack from {@code delete} or {@code repack} to {@code keep} when a backup committed meanwhile
     * reuses one of its blobs; nothing else changes a plan. Memory is about 60 bytes per indexed blob
     * (the {@link MasterIndex}; the marks are bits), so 5 M blobs fit in a 512 MB heap.
     *
     * @param indexFiles the ids of the index files read: the ones the new index supersedes
     * @param index the blobs they list (the exclusive phase adds those of index files written since)
     * @param packs the packs they list
     * @param stored the size of every pack in the store, indexed or not
     * @param used the blobs the snapshots seen so far reference
     * @param seenSnapshots the snapshots walked so far
     * @param toCopy the used blobs of repacked packs that live in no kept pack, by source pack
     */
    record Plan(
            List<String> indexFiles,
            MasterIndex index,
            Set<String> packs,
            Map<String, Long> stored,
            BlobMarks used,
            Set<String> seenSnapshots,
            Set<String> delete,
            Set<String> repack,
            Set<String> keep,
            Map<String, List<PackEntry>> toCopy) {}

    /**
     * Prunes: plan (mark and decide) and repack under a shared lock (backups go on meanwhile),
     * then re-mark snapshots committed meanwhile, rewrite the index and delete under an exclusive
     * lock. A dry run is the plan's report, with nothing executed.
     */
    public PruneReport prune(PruneOptions options, Locks locks) throws IOException {
        Plan plan;
        List<IndexFile.PackRecord> newPacks = new ArrayList<>();
        long written;
        try (RepositoryLock shared = locks.shared()) {
            plan = plan(options);
            if (options.dryRun()) {
                return report(true, plan, orphans(plan.stored(), plan.packs(), options), 0);
            }
            written = repack(plan, shared, newPacks);
        }
        try (RepositoryLock exclusive = locks.exclusive()) {
            return commit(plan, newPacks, written, exclusive, options);
        }
    }

    /**
     * Adds every index file but those in {@code known} to {@code index}, each as soon as it is read;
     * or refuses when one is damaged: with a partial index, the packs only the damaged file lists
     * would look unused (or unindexed) and be deleted.
     *
     * @return the ids of the files added
     */
    private List<String> wholeIndex(MasterIndex index, Collection<String> known) throws IOException {
        List<String> ids = new ArrayList<>(IndexLoader.ids(store));
        ids.removeAll(known);
        IndexLoader.Added loaded = IndexLoader.loadInto(store, key, ids, jobs, index);
        if (!loaded.damaged().isEmpty()) {
            throw new RepositoryException("index file(s) "
                    + loaded.damaged().keySet().stream()
                            .map(id -> IndexLoader.PREFIX + id)
                            .toList() + " are damaged: prune"
                    + " refuses to run on a partial index and changed nothing; rebuild the index with"
                    + " 'textloom-backup repo repair index' first");
        }
        return loaded.added();
    }

    /** Steps 1 and 2: reads the index, marks the used blobs and decides each pack's fate. */
    private Plan plan(PruneOptions options) throws IOException {
        MasterIndex index = new MasterIndex();
        List<String> indexFiles = wholeIndex(index, Set.of());
        Set<String> packs = new HashSet<>(index.packIds());
        Map<String, Long> stored = new HashMap<>();
        for (BlobStore.BlobInfo b : store.list("data/")) {
            stored.put(Pack.idOf(b.name()), b.size());
        }
        BlobMarks used = new BlobMarks(index);
        Set<String> seenSnapshots = new HashSet<>();
        mark(new BlobReader(store, key, index), used, seenSnapshots);
        Set<String> delete = new HashSet<>();
        Set<String> repack = new HashSet<>();
        Set<String> keep = new HashSet<>();
        index.forEachPack((pack, entries) -> {
            if (!stored.containsKey(pack)) {
                return;
            }
            long total = 0;
            long usedBytes = 0;
            for (PackEntry p : once(index, entries)) {
                total += p.length();
                if (used.contains(p.id())) {
                    usedBytes += p.length();
                }
            }
            if (usedBytes == 0) {
                delete.add(pack);
            } else if (total - usedBytes > options.repackThreshold() * total) {
                repack.add(pack);
            } else {
                keep.add(pack);
            }
        });
        return new Plan(
                indexFiles,
                index,
                packs,
                stored,
                used,
                seenSnapshots,
                delete,
                repack,
                keep,
                copies(index, used, keep, repack));
    }

    /** Step 3: copies the plan's blobs into new stored packs; returns the bytes stored. */
    private long repack(Plan plan, RepositoryLock shared, List<IndexFile.PackRecord> newPacks) throws IOException {
        long written = 0;
        for (var e : plan.toCopy().entrySet()) {
            shared.checkValid();
            written += repackInto(e.getKey(), e.getValue(), newPacks);
        }
        return written + flushOpen(newPacks);
    }

    /** Steps 4 to 6, under the exclusive lock: re-mark, rewrite the index, delete. */
    private PruneReport commit(
            Plan plan,
            List<IndexFile.PackRecord> newPacks,
            long written,
            RepositoryLock exclusive,
            PruneOptions options)
            throws IOException {
        MasterIndex index = plan.index();
        BlobMarks used = plan.used();
        Set<String> delete = plan.delete();
        Set<String> repack = plan.repack();
        Set<String> keep = plan.keep();
        // index files and snapshots that backups committed while we marked
        wholeIndex(index, plan.indexFiles());
        Set<String> indexed = new HashSet<>(index.packIds());
        Set<String> addedPacks = new HashSet<>(indexed);
        addedPacks.removeAll(plan.packs());
        for (IndexFile.PackRecord p : newPacks) {
            indexed.add(p.packId());
        }
        BlobMarks before = used.copy();
        mark(new BlobReader(store, key, index), used, plan.seenSnapshots());
        BlobMarks homes = new BlobMarks(index);
        index.forEachPack((pack, entries) -> {
            if (keep.contains(pack) || addedPacks.contains(pack)) {
                entries.forEach(e -> homes.add(e.id()));
            }
        });
        for (IndexFile.PackRecord p : newPacks) {
            p.entries().forEach(e -> homes.add(e.id()));
        }
        for (BlobId id : used.without(before, homes)) {
            List<MasterIndex.Location> copies = index.lookupAll(id);
            if (copies.stream().anyMatch(l -> keep.contains(l.packId()))) {
                continue; // in a pack rescued for another blob
            }
            // a backup meanwhile reused a blob we meant to drop: keep its pack
            String rescued = null;
            for (MasterIndex.Location l : copies) {
                if (delete.contains(l.packId()) || repack.contains(l.packId())) {
                    rescued = l.packId();
                    break;
                }
            }
            if (rescued == null) {
                throw new RepositoryException("blob " + id.hex() + " needed by a snapshot is in no "
                        + "stored pack: the repository is damaged, run verify; prune changed nothing");
            }
            delete.remove(rescued);
            repack.remove(rescued);
            keep.add(rescued);
        }
        List<String> orphans = orphans(plan.stored(), indexed, options);
        PruneReport report = report(false, plan, orphans, written);
        boolean changed = !delete.isEmpty() || !repack.isEmpty() || report.blobsRemoved() > 0;
        exclusive.checkValid();
        if (changed) {
            // written as the kept packs are visited: at most one index file's entries are held
            IndexFile.Writer w = new IndexFile.Writer(store, key, plan.indexFiles());
            for (IndexFile.PackRecord p : newPacks) {
                w.add(p);
            }
            index.forEachPack((pack, entries) -> {
                if (keep.contains(pack)) {
                    List<PackEntry> kept = new ArrayList<>();
                    for (PackEntry e : once(index, entries)) {
                        if (used.contains(e.id())) {
                            kept.add(e);
                        }
                    }
                    w.add(new IndexFile.PackRecord(pack, kept));
                }
            });
            w.finish();
            exclusive.checkValid();
            for (String old : plan.indexFiles()) {
                store.delete("index/" + old);
            }
        } else if (!newPacks.isEmpty()) {
            for (IndexFile.PackRecord p : newPacks) {
                store.delete(Pack.name(p.packId()));
            }
        }
        // packs leave the store only after they left the index
        for (String p : union(union(delete, repack), Set.copyOf(orphans))) {
            exclusive.checkValid();
            store.delete(Pack.name(p));
        }
        LOG.info(
                "prune: deleted {} packs, repacked {}, removed {} unused blobs, freed {} bytes",
                report.packsDeleted(),
                report.packsRepacked(),
                report.blobsRemoved(),
                report.bytesFreed());
        return report;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return out;
    }

    /** The used blobs of repacked packs that live in no kept pack, each copied once. */
    private static Map<String, List<PackEntry>> copies(
            MasterIndex index, BlobMarks used, Set<String> keep, Set<String> repack) throws IOException {
        BlobMarks home = new BlobMarks(index);
        index.forEachPack((pack, entries) -> {
            if (keep.contains(pack)) {
                for (PackEntry e : entries) {
                    if (used.contains(e.id())) {
                        home.add(e.id());
                    }
                }
            }
        });
        Map<String, List<PackEntry>> toCopy = new LinkedHashMap<>();
        index.forEachPack((pack, entries) -> {
            if (repack.contains(pack)) {
                for (PackEntry e : once(index, entries)) {
                    if (used.contains(e.id()) && home.add(e.id())) {
                        toCopy.computeIfAbsent(pack, k -> new ArrayList<>()).add(e);
                    }
                }
            }
        });
        BlobId homeless = used.anyNotIn(home);
        if (homeless != null) {
            throw new RepositoryException("blob " + homeless.hex() + " needed by a snapshot is in no stored "
                    + "pack: the repository is damaged, run verify; prune refuses to continue");
        }
        return toCopy;
    }

    private List<String> orphans(Map<String, Long> stored, Set<String> indexed, PruneOptions options) {
        Instant cutoff = Instant.now().minus(options.safetyMargin());
        List<String> out = new ArrayList<>();
        for (String p : stored.keySet()) {
            if (!indexed.contains(p)
                    && FileIds.isValid(p)
                    && FileIds.createdAt(p).isBefore(cutoff)) {
                out.add(p);
            }
        }
        return out;
    }

    private static PruneReport report(boolean dryRun, Plan plan, List<String> orphans, long written)
            throws IOException {
        MasterIndex index = plan.index();
        Map<String, Long> stored = plan.stored();
        BlobMarks used = plan.used();
        Set<String> delete = plan.delete();
        Set<String> repack = plan.repack();
        long[] blobsRemoved = {0};
        index.forEachPack((pack, entries) -> {
            if (plan.packs().contains(pack)) {
                for (PackEntry e : once(index, entries)) {
                    if (!used.contains(e.id())) {
                        blobsRemoved[0]++;
                    }
                }
            }
        });
        long freed = 0;
        for (String p : union(union(delete, repack), Set.copyOf(orphans))) {
            freed += stored.getOrDefault(p, 0L);
        }
        int unindexed = 0;
        for (String p : stored.keySet()) {
            if (!plan.packs().contains(p)) {
                unindexed++;
            }
        }
        return new PruneReport(
                dryRun,
                delete.size() + repack.size() + orphans.size(),
                repack.size(),
                blobsRemoved[0],
                freed - written,
                unindexed - orphans.size());
    }

    private long repackInto(String packId, List<PackEntry> entries, List<IndexFile.PackRecord> out) throws IOException {
        String pack = Pack.name(packId);
        byte[] bytes;
        try (InputStream in = store.open(pack)) {
            bytes = in.readAllBytes();
        }
        long written = 0;
        for (PackEntry p : entries) {
            if (p.offset() + (long) p.length() > bytes.length) {
                throw new RepositoryException("pack " + pack + " is truncated: run verify; prune changed nothing");
            }
            byte[] box = Arrays.copyOfRange(bytes, p.offset(), p.offset() + p.length());
            // authenticate before copying: never spread a damaged blob
            BlobReader.decode(key, p.type(), p.id(), box, 0, box.length, p.rawLength(), pack);
            for (PackBuilder full : packs.add(p.type(), p.id(), box, p.rawLength())) {
                written += storePack(full, out);
            }
        }
        return written;
    }

    private long flushOpen(List<IndexFile.PackRecord> out) throws IOException {
        long written = 0;
        for (PackBuilder pb : packs.drain()) {
            written += storePack(pb, out);
        }
        return written;
    }

    private long storePack(PackBuilder pb, List<IndexFile.PackRecord> out) throws IOException {
        long stored = PackWriter.store(store, key, pb);
        out.add(new IndexFile.PackRecord(pb.packId(), List.copyOf(pb.entries())));
        return stored;
    }

    /** Adds every blob of the snapshots not yet in {@code seen} to {@code used}. */
    private void mark(BlobReader reader, BlobMarks used, Set<String> seen) throws IOException {
        for (SnapshotFile s : snapshots.all()) {
            if (seen.add(s.id())) {
                for (SnapshotFile.Component c : s.components()) {
                    markTree(reader, BlobId.parse(c.root()), used);
                }
            }
        }
    }

    private void markTree(BlobReader reader, BlobId id, BlobMarks used) throws IOException {
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
