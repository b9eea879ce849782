package com.textloom.backup.repository.verify;

import com.textloom.backup.repository.CorruptBlobException;
import com.textloom.backup.repository.VerifyOptions;
import com.textloom.backup.repository.VerifyReport;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.index.BlobMarks;
import com.textloom.backup.repository.index.BlobReader;
import com.textloom.backup.repository.index.IndexLoader;
import com.textloom.backup.repository.index.MasterIndex;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.pack.Pack;
import com.textloom.backup.repository.pack.PackEntry;
import com.textloom.backup.repository.parallel.TaskResults;
import com.textloom.backup.repository.snapshot.SnapshotFile;
import com.textloom.backup.repository.snapshot.SnapshotStore;
import com.textloom.backup.repository.storage.BlobNotFoundException;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.StorageException;
import com.textloom.backup.repository.tree.Node;
import com.textloom.backup.repository.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
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
import java.util.concurrent.Semaphore;
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
        // one bit per indexed blob: a HashSet of 5 M blob ids alone would not fit in a 512 MB heap
        BlobMarks referenced = new BlobMarks(index);
        BlobMarks seenTrees = new BlobMarks(index);
        for (SnapshotFile s : selected) {
            for (SnapshotFile.Component c : s.components()) {
                walk(BlobId.parse(c.root()), referenced, seenTrees);
            }
        }
        // pack by pack: the entries of all packs as objects (index.byPack()) would not fit either
        Set<String> needed = new HashSet<>();
        long[] packsChecked = {0};
        index.forEachPack((packId, entries) -> {
            String pack = Pack.name(packId);
            Long size = packSizes.get(packId);
            if (entries.isEmpty()
                    || !options.snapshots().isEmpty() && entries.stream().noneMatch(p -> referenced.contains(p.id()))) {
                return;
            }
            needed.add(packId);
            packsChecked[0]++;
            for (PackEntry p : entries) {
                if (size == null) {
                    damage(p.id(), p.type(), pack, "pack is missing");
                } else if ((long) p.offset() + p.length() > size) {
                    damage(p.id(), p.type(), pack, "pack is truncated");
                } else if (!options.readData()) {
                    readable(p.id(), pack);
                }
            }
            if (size == null) {
                errors.add("pack " + pack + " is listed in the index but missing from the store");
            }
        });
        Set<String> toRead = new HashSet<>();
        if (options.readData()) {
            for (String p : needed) {
                if (packSizes.containsKey(p)) {
                    toRead.add(p);
                }
            }
        }
        if (options.sampled()) {
            Set<String> sampled = sample(toRead, options.readDataPercent(), random);
            toRead = sampled;
            index.forEachPack((packId, entries) -> { // not read this run: the quick checks stand for them
                if (!sampled.contains(packId) && packSizes.containsKey(packId)) {
                    String pack = Pack.name(packId);
                    entries.forEach(p -> readable(p.id(), pack));
                }
            });
        }
        if (options.readData()) {
            readData(packSizes, toRead, options.snapshots().isEmpty() ? null : referenced);
        }
        List<VerifyReport.DamagedBlob> report = attribute(selected);
        return new VerifyReport(
                options.readData(),
                selected.size(),
                packsChecked[0],
                blobsChecked.get(),
                bytesRead.get(),
                report,
                errors,
                toRead.size());
    }

    /**
     * Records that the copy of {@code id} in {@code pack} checked good. Only a blob the index lists
     * more than once needs it (a damaged copy is then reported with a good one); for the others it
     * would say nothing, and a map of 5 M blobs would not fit in a 512 MB heap.
     */
    private void readable(BlobId id, String pack) {
        if (index.hasOtherCopies(id)) {
            readable.putIfAbsent(id, pack);
        }
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
        IndexLoader.Added loaded = IndexLoader.loadInto(store, key, IndexLoader.ids(store), jobs, idx);
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

    private void walk(BlobId treeId, BlobMarks referenced, BlobMarks seenTrees) throws IOException {
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
        return damagedIndexFiles == 0
                ? "in no index (missing)"
                : "in no readable index (" + damagedIndexFiles
                        + " damaged index file(s) may list it: run 'repair index')";
    }

    private String packOf(BlobId id) {
        MasterIndex.Location loc = index.lookup(id);
        return loc == null ? null : Pack.name(loc.packId());
    }

    /**
     * Reads the given packs, {@code jobs} at a time; at most {@code 2 * jobs} packs' entries wait
     * in memory (not every pack's at once).
     */
    private void readData(Map<String, Long> sizes, Set<String> packs, BlobMarks only) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        Semaphore waiting = new Semaphore(2 * jobs);
        try {
            List<Future<?>> futures = new ArrayList<>();
            index.forEachPack((packId, all) -> {
                Long size = sizes.get(packId);
                if (size == null || !packs.contains(packId)) {
                    return;
                }
                List<PackEntry> entries = only == null
                        ? all
                        : all.stream().filter(p -> only.contains(p.id())).toList();
                if (entries.isEmpty()) {
                    return;
                }
                try {
                    waiting.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading packs");
                }
                futures.add(pool.submit(() -> {
                    try {
                        checkPack(packId, size, entries);
                        return null;
                    } finally {
                        waiting.release();
                    }
                }));
            });
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
                readable(p.id(), pack);
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
            String problem = good == null ? d.problem() : d.problem() + "; still readable from its copy in " + good;
            out.add(new VerifyReport.DamagedBlob(
                    c.id().hex(), d.type().label(), c.pack(), problem, needers.getOrDefault(c.id(), List.of()), good));
        }
        out.sort(Comparator.comparing(VerifyReport.DamagedBlob::blobId)
                .thenComparing(b -> b.pack() == null ? "" : b.pack()));
        return out;
    }

    private Set<BlobId> damagedUnder(BlobId treeId, Set<BlobId> damagedIds, Map<BlobId, Set<BlobId>> memo) {
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
