package com.textloom.backup.repository.index;

import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.pack.PackEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory union of all index files: blob id → pack, offset, length. Compact: about 55 bytes
 * per blob (the 32-byte id, 17 bytes of location, 4 to 6 bytes of hash table), in pages of
 * {@value #PAGE} entries, so that growing never copies the whole index nor asks for one huge array,
 * and 5 M blobs take about 280 MB ({@code MasterIndexMemoryTest} pins the bound). The first
 * location added for a blob is its primary one ({@link #lookup}, {@link #byPack}); the other copies
 * index files list (FORMAT.md §7: any listed copy is valid) are kept too, in a small side table, for
 * readers that fall back to them ({@link #lookupAll}). Entries are numbered 0 to {@link #size()} - 1
 * in the order they were added ({@link #entryOf}), so that a set of indexed blobs can be one bit per
 * entry ({@link BlobMarks}). Thread-safe.
 */
public final class MasterIndex {
    /** Where a blob is. */
    public record Location(BlobType type, BlobId id, String packId, int offset, int length, int rawLength) {}

    /**
     * Entries per page (a power of two): an id page is 256 KiB, under half of G1's smallest region
     * (1 MiB), so no page is a humongous object (a 2 MiB page took two 2 MiB regions: 89 bytes per
     * blob instead of 55).
     */
    static final int PAGE = 1 << 13;

    private static final int SHIFT = 13;
    private static final int MASK = PAGE - 1;
    /** The hash table grows when it is fuller than this. */
    private static final double MAX_LOAD = 0.7;

    private final List<String> packIds = new ArrayList<>();
    private final Map<String, Integer> packNumbers = new HashMap<>();
    private byte[][] ids = new byte[0][];
    private int[][] pack = new int[0][];
    private int[][] offset = new int[0][];
    private int[][] length = new int[0][];
    private int[][] raw = new int[0][];
    private byte[][] type = new byte[0][];
    private int count;
    private int[] table = new int[2048];
    /** Copies beyond the first, by blob: rare (concurrent backups, repacks in progress). */
    private final Map<BlobId, List<Location>> otherCopies = new HashMap<>();

    /** Adds the blobs of a pack (those already known elsewhere keep their first location). */
    public synchronized void add(String packId, List<PackEntry> entries) {
        int p = packNumber(packId);
        for (PackEntry e : entries) {
            addEntry(p, e);
        }
    }

    private int packNumber(String packId) {
        Integer p = packNumbers.get(packId);
        if (p == null) {
            p = packIds.size();
            packIds.add(packId);
            packNumbers.put(packId, p);
        }
        return p;
    }

    private void addEntry(int p, PackEntry e) {
        int slot = find(e.id());
        if (table[slot] != 0) {
            int i = table[slot] - 1;
            if (pack[i >>> SHIFT][i & MASK] != p || offset[i >>> SHIFT][i & MASK] != e.offset()) {
                Location copy = new Location(e.type(), e.id(), packIds.get(p), e.offset(), e.length(), e.rawLength());
                List<Location> others = otherCopies.computeIfAbsent(e.id(), k -> new ArrayList<>(1));
                if (!others.contains(copy)) {
                    others.add(copy);
                }
            }
            return;
        }
        int page = count >>> SHIFT;
        int at = count & MASK;
        if (page == ids.length) {
            addPage();
        } else if (at == type[page].length) {
            growFirstPage();
        }
        e.id().copyTo(ids[page], at * 32);
        pack[page][at] = p;
        offset[page][at] = e.offset();
        length[page][at] = e.length();
        raw[page][at] = e.rawLength();
        type[page][at] = (byte) e.type().code();
        table[slot] = ++count;
        if (count > table.length * MAX_LOAD) {
            rehash();
        }
    }

    private void addPage() {
        int n = ids.length + 1;
        ids = Arrays.copyOf(ids, n);
        pack = Arrays.copyOf(pack, n);
        offset = Arrays.copyOf(offset, n);
        length = Arrays.copyOf(length, n);
        raw = Arrays.copyOf(raw, n);
        type = Arrays.copyOf(type, n);
        int size = n == 1 ? 1024 : PAGE; // a small repository's index stays small
        ids[n - 1] = new byte[size * 32];
        pack[n - 1] = new int[size];
        offset[n - 1] = new int[size];
        length[n - 1] = new int[size];
        raw[n - 1] = new int[size];
        type[n - 1] = new byte[size];
    }

    /** The first page starts small and doubles up to a full page. */
    private void growFirstPage() {
        int size = Math.min(PAGE, type[0].length * 2);
        ids[0] = Arrays.copyOf(ids[0], size * 32);
        pack[0] = Arrays.copyOf(pack[0], size);
        offset[0] = Arrays.copyOf(offset[0], size);
        length[0] = Arrays.copyOf(length[0], size);
        raw[0] = Arrays.copyOf(raw[0], size);
        type[0] = Arrays.copyOf(type[0], size);
    }

    private int find(BlobId id) {
        int mask = table.length - 1;
        int slot = id.hashCode() & mask;
        while (true) {
            int v = table[slot];
            if (v == 0 || id.equalsAt(ids[(v - 1) >>> SHIFT], ((v - 1) & MASK) * 32)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void rehash() {
        int[] old = table;
        table = new int[old.length * 2];
        int mask = table.length - 1;
        for (int v : old) {
            if (v != 0) {
                byte[] page = ids[(v - 1) >>> SHIFT];
                int o = ((v - 1) & MASK) * 32;
                int h = (page[o] & 0xff) << 24
                        | (page[o + 1] & 0xff) << 16
                        | (page[o + 2] & 0xff) << 8
                        | (page[o + 3] & 0xff);
                int slot = h & mask;
                while (table[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = v;
            }
        }
    }

    /** The entry number of the blob's primary location (0 to size() - 1), or -1 when it is not indexed. */
    public synchronized int entryOf(BlobId id) {
        return table[find(id)] - 1;
    }

    /** The id of entry {@code i} (see {@link #entryOf}). */
    public synchronized BlobId id(int i) {
        return BlobId.of(ids[i >>> SHIFT], (i & MASK) * 32);
    }

    /** Every pack an index lists (a copy). */
    public synchronized List<String> packIds() {
        return List.copyOf(packIds);
    }

    /** Whether the index lists the blob in more than one place. */
    public synchronized boolean hasOtherCopies(BlobId id) {
        return otherCopies.containsKey(id);
    }

    private PackEntry entry(int i) {
        int page = i >>> SHIFT;
        int at = i & MASK;
        return new PackEntry(
                BlobType.ofCode(type[page][at]),
                BlobId.of(ids[page], at * 32),
                offset[page][at],
                length[page][at],
                raw[page][at]);
    }

    /** What {@link #forEachPack} hands over: one pack at a time. */
    @FunctionalInterface
    public interface PackVisitor {
        void visit(String packId, List<PackEntry> entries) throws IOException;
    }

    /**
     * Calls {@code visitor} once for every pack an index lists (also one listed with no blobs), with every copy of a blob it holds
     * (as {@link #byPack()}, in no particular order), building one pack's entries at a time: what
     * {@link #byPack()} would hold for all packs at once (over 100 bytes per blob) is never in
     * memory together. The index must not change meanwhile.
     */
    public void forEachPack(PackVisitor visitor) throws IOException {
        int packs;
        int[] start;
        int[] order;
        Map<Integer, List<Location>> copies = new HashMap<>();
        synchronized (this) {
            packs = packIds.size();
            start = new int[packs + 1];
            for (int i = 0; i < count; i++) {
                start[pack[i >>> SHIFT][i & MASK] + 1]++;
            }
            for (int p = 0; p < packs; p++) {
                start[p + 1] += start[p];
            }
            order = new int[count];
            int[] next = Arrays.copyOf(start, packs);
            for (int i = 0; i < count; i++) {
                order[next[pack[i >>> SHIFT][i & MASK]]++] = i;
            }
            for (List<Location> ls : otherCopies.values()) {
                for (Location l : ls) {
                    copies.computeIfAbsent(packNumbers.get(l.packId()), k -> new ArrayList<>())
                            .add(l);
                }
            }
        }
        for (int p = 0; p < packs; p++) {
            List<Location> extra = copies.getOrDefault(p, List.of());
            List<PackEntry> entries = new ArrayList<>(start[p + 1] - start[p] + extra.size());
            String packId;
            synchronized (this) {
                packId = packIds.get(p);
                for (int k = start[p]; k < start[p + 1]; k++) {
                    entries.add(entry(order[k]));
                }
            }
            for (Location l : extra) {
                entries.add(new PackEntry(l.type(), l.id(), l.offset(), l.length(), l.rawLength()));
            }
            visitor.visit(packId, entries);
        }
    }

    /** Whether the blob is indexed. */
    public synchronized boolean has(BlobId id) {
        return table[find(id)] != 0;
    }

    /** The blob's location, or {@code null} when it is not indexed. */
    public synchronized Location lookup(BlobId id) {
        int v = table[find(id)];
        if (v == 0) {
            return null;
        }
        int page = (v - 1) >>> SHIFT;
        int at = (v - 1) & MASK;
        return new Location(
                BlobType.ofCode(type[page][at]),
                id,
                packIds.get(pack[page][at]),
                offset[page][at],
                length[page][at],
                raw[page][at]);
    }

    /** Every indexed copy of the blob, the primary one first; empty when it is not indexed. */
    public synchronized List<Location> lookupAll(BlobId id) {
        Location first = lookup(id);
        if (first == null) {
            return List.of();
        }
        List<Location> others = otherCopies.get(id);
        if (others == null) {
            return List.of(first);
        }
        List<Location> all = new ArrayList<>(others.size() + 1);
        all.add(first);
        all.addAll(others);
        return all;
    }

    /** Number of distinct blobs. */
    public synchronized int size() {
        return count;
    }

    /**
     * Every pack an index lists, and every copy of a blob it holds: the first locations and the
     * other copies (a blob listed in two packs appears under both).
     */
    public synchronized Map<String, List<PackEntry>> byPack() {
        Map<String, List<PackEntry>> out = new HashMap<>();
        for (int i = 0; i < count; i++) {
            out.computeIfAbsent(packIds.get(pack[i >>> SHIFT][i & MASK]), k -> new ArrayList<>())
                    .add(entry(i));
        }
        for (List<Location> copies : otherCopies.values()) {
            for (Location l : copies) {
                out.computeIfAbsent(l.packId(), k -> new ArrayList<>())
                        .add(new PackEntry(l.type(), l.id(), l.offset(), l.length(), l.rawLength()));
            }
        }
        return out;
    }
}
