package com.textloom.backup.repository.restorer;

import com.textloom.backup.repository.CorruptBlobException;
import com.textloom.backup.repository.index.MasterIndex;
import com.textloom.backup.repository.pack.Pack;
import com.textloom.backup.repository.storage.BlobStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Neighbouring blobs of one pack, read with one ranged read: blobs at most {@link #MAX_GAP} apart, a range at most
 * {@link #MAX_RANGE} long (a blob longer than that is a range of its own).
 *
 * @param packId the pack
 * @param start  the offset of the first blob
 * @param length from the first blob's start to the last one's end
 * @param blobs  the blobs, by offset
 */
record PackRange(String packId, long start, long length, List<MasterIndex.Location> blobs) {
    static final long MAX_GAP = 1 << 20;
    static final long MAX_RANGE = 64L << 20;
    /**
     * Bytes read at a time for a range of several blobs: small blobs (a few KiB, one per small file) then cost one
     * read of the store's stream per buffer, not one each; a blob at least this long is read straight into its array.
     */
    static final int READ_AHEAD = 256 << 10;

    /** Takes the sealed box of one blob of a range, in the range's order. */
    interface BoxReader {
        void take(MasterIndex.Location blob, byte[] box) throws IOException;
    }

    /** The ranges that read {@code blobs}, all of pack {@code packId}, in any order. */
    static List<PackRange> of(String packId, List<MasterIndex.Location> blobs) {
        List<MasterIndex.Location> locs = new ArrayList<>(blobs);
        locs.sort(Comparator.comparingInt(MasterIndex.Location::offset));
        List<PackRange> ranges = new ArrayList<>();
        int i = 0;
        while (i < locs.size()) {
            int j = i + 1;
            long start = locs.get(i).offset();
            long end = start + locs.get(i).length();
            while (j < locs.size()
                    && locs.get(j).offset() - end <= MAX_GAP
                    && locs.get(j).offset() + locs.get(j).length() - start <= MAX_RANGE) {
                end = Math.max(end, locs.get(j).offset() + (long) locs.get(j).length());
                j++;
            }
            ranges.add(new PackRange(packId, start, end - start, List.copyOf(locs.subList(i, j))));
            i = j;
        }
        return ranges;
    }

    /**
     * Reads the range with one ranged read and hands each blob's box to {@code reader}, in order, one array per blob
     * (read whole: {@code readNBytes(len)} would read it in 8 KiB pieces and copy them), the range's stream read
     * {@link #READ_AHEAD} bytes at a time when it holds several blobs.
     *
     * @throws CorruptBlobException when the pack ends before a blob does
     */
    void read(BlobStore store, BoxReader reader) throws IOException {
        String pack = Pack.name(packId);
        InputStream range = store.openRange(pack, start, length);
        try (InputStream in =
                blobs.size() > 1 ? new BufferedInputStream(range, (int) Math.min(length, READ_AHEAD)) : range) {
            long pos = start;
            for (MasterIndex.Location loc : blobs) {
                if (loc.offset() > pos) {
                    in.skipNBytes(loc.offset() - pos);
                    pos = loc.offset();
                }
                byte[] box = new byte[loc.length()];
                int got = in.readNBytes(box, 0, box.length);
                pos += got;
                if (got != loc.length()) {
                    throw new CorruptBlobException(loc.id().hex(), pack, "pack is truncated");
                }
                reader.take(loc, box);
            }
        }
    }
}
