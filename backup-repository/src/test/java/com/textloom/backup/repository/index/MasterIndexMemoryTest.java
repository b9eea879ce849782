package com.textloom.backup.repository.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.pack.PackEntry;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bound that lets verify and prune of a 5 M-blob repository run in the CLI's 512 MB heap
 * (issue #12, bench/scale/many-blobs.sh): the in-memory index takes at most 64 bytes per blob at
 * 5 M blobs (main's took 96: arrays doubled to 8.4 M entries, and an int table twice their size), and a
 * set of marks over it one bit per blob.
 */
class MasterIndexMemoryTest {
    private static final int BLOBS = 5_000_000;
    private static final int PER_PACK = 10_000;

    @Test
    void fiveMillionBlobsTakeAtMost64BytesEach() {
        long before = usedAfterGc();
        MasterIndex index = fill(BLOBS);
        long after = usedAfterGc();
        double perEntry = (after - before) / (double) BLOBS;
        assertEquals(BLOBS, index.size());
        assertTrue(perEntry <= 64, "the index takes " + perEntry + " bytes per blob");
        // still a working index: a blob from the start, the middle and the end is where it was put
        for (int i : new int[] {0, BLOBS / 2, BLOBS - 1}) {
            BlobId id = id(i);
            MasterIndex.Location l = index.lookup(id);
            assertEquals(pack(i / PER_PACK), l.packId());
            assertEquals(i % PER_PACK * 100, l.offset());
            assertEquals(i, index.entryOf(id));
            assertEquals(id, index.id(i));
        }
    }

    @Test
    void marksOverTheIndexAreBits() {
        MasterIndex index = fill(200_000);
        BlobMarks marks = new BlobMarks(index);
        for (int i = 0; i < 200_000; i += 2) {
            assertTrue(marks.add(id(i)));
        }
        assertTrue(!marks.add(id(0)));
        BlobId stranger = id(-1);
        assertTrue(marks.add(stranger));
        assertEquals(100_001, marks.size());
        assertTrue(marks.contains(id(198_000)) && !marks.contains(id(198_001)) && marks.contains(stranger));
        BlobMarks other = marks.copy();
        assertEquals(null, marks.anyNotIn(other));
        other.add(id(1));
        assertEquals(id(1), other.anyNotIn(marks));
        assertEquals(List.of(id(1)), other.without(marks, new BlobMarks(index)));
    }

    private static MasterIndex fill(int blobs) {
        MasterIndex index = new MasterIndex();
        for (int p = 0; p * PER_PACK < blobs; p++) {
            List<PackEntry> entries = new ArrayList<>(PER_PACK);
            for (int i = p * PER_PACK; i < Math.min(blobs, (p + 1) * PER_PACK); i++) {
                entries.add(new PackEntry(BlobType.DATA, id(i), i % PER_PACK * 100, 100, 60));
            }
            index.add(pack(p), entries);
        }
        return index;
    }

    private static String pack(int p) {
        return String.format("%064x", p);
    }

    private static BlobId id(int i) {
        SplittableRandom r = new SplittableRandom(i);
        byte[] b = new byte[32];
        for (int k = 0; k < 32; k += 8) {
            long v = r.nextLong();
            for (int j = 0; j < 8; j++) {
                b[k + j] = (byte) (v >>> (8 * j));
            }
        }
        return BlobId.of(b);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
