package com.textloom.backup.repository.index;

import com.textloom.backup.repository.pack.BlobId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A set of blob ids for a walk over snapshots (verify's referenced blobs, prune's used ones):
 * one bit per entry of a {@link MasterIndex} for the blobs it lists, a plain set only for the few
 * it does not (damage). A {@code HashSet<BlobId>} takes over 100 bytes per blob: 5 M referenced
 * blobs would not fit in a 512 MB heap beside the index; these marks take 5 M bits (625 kB).
 * The index must not change while the marks are in use. Not thread-safe.
 */
public final class BlobMarks {
    private final MasterIndex index;
    private final BitSet indexed = new BitSet();
    private final Set<BlobId> unindexed = new HashSet<>();
    private int size;

    public BlobMarks(MasterIndex index) {
        this.index = index;
    }

    /** Marks {@code id}; whether it was not marked yet. */
    public boolean add(BlobId id) {
        int i = index.entryOf(id);
        boolean added;
        if (i < 0) {
            added = unindexed.add(id);
        } else {
            added = !indexed.get(i);
            indexed.set(i);
        }
        if (added) {
            size++;
        }
        return added;
    }

    public boolean contains(BlobId id) {
        int i = index.entryOf(id);
        return i < 0 ? unindexed.contains(id) : indexed.get(i);
    }

    /** A copy of these marks (on the same index). */
    public BlobMarks copy() {
        BlobMarks c = new BlobMarks(index);
        c.indexed.or(indexed);
        c.unindexed.addAll(unindexed);
        c.size = size;
        return c;
    }

    /** A blob marked here and not in {@code other}, or {@code null} when there is none. */
    public BlobId anyNotIn(BlobMarks other) {
        for (BlobId id : unindexed) {
            if (!other.unindexed.contains(id)) {
                return id;
            }
        }
        BitSet diff = (BitSet) indexed.clone();
        diff.andNot(other.indexed);
        int i = diff.nextSetBit(0);
        return i < 0 ? null : index.id(i);
    }

    /** The blobs marked here and in neither {@code a} nor {@code b}. */
    public List<BlobId> without(BlobMarks a, BlobMarks b) {
        List<BlobId> out = new ArrayList<>();
        for (BlobId id : unindexed) {
            if (!a.unindexed.contains(id) && !b.unindexed.contains(id)) {
                out.add(id);
            }
        }
        BitSet diff = (BitSet) indexed.clone();
        diff.andNot(a.indexed);
        diff.andNot(b.indexed);
        for (int i = diff.nextSetBit(0); i >= 0; i = diff.nextSetBit(i + 1)) {
            out.add(index.id(i));
        }
        return out;
    }

    /** The marked blobs the index does not list. */
    public Set<BlobId> unindexed() {
        return unindexed;
    }

    /** Number of marked blobs. */
    public int size() {
        return size;
    }
}
