package com.textloom.backup.repository.restorer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.index.MasterIndex;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.pack.Pack;
import com.textloom.backup.repository.storage.InMemoryBlobStore;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A range of a pack hands every blob's exact bytes over, and reads its stream a buffer at a time, not once a blob. */
class PackRangeTest {
    private static final String PACK = "ab".repeat(32);

    /** Counts the read calls on the streams of the ranges it opens. */
    private static final class CountingStore extends InMemoryBlobStore {
        int reads;

        CountingStore() {
            super("counting");
        }

        @Override
        public InputStream openRange(String blob, long offset, long length) throws IOException {
            return new FilterInputStream(super.openRange(blob, offset, length)) {
                @Override
                public int read() throws IOException {
                    reads++;
                    return super.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    reads++;
                    return super.read(b, off, len);
                }
            };
        }
    }

    private final CountingStore store = new CountingStore();
    private final byte[] pack;
    private int blobs;

    PackRangeTest() {
        pack = new byte[8 << 20];
        new SplittableRandom(7).nextBytes(pack);
    }

    private MasterIndex.Location blob(int offset, int length) {
        byte[] id = new byte[32];
        id[0] = (byte) blobs;
        id[1] = (byte) (blobs++ >> 8);
        return new MasterIndex.Location(BlobType.DATA, BlobId.of(id), PACK, offset, length, length);
    }

    /** Reads every range of {@code locs}; checks each box against the pack's bytes; the reads of the ranges' streams. */
    private int readAll(List<MasterIndex.Location> locs) throws IOException {
        store.put(Pack.name(PACK), new ByteArrayInputStream(pack), pack.length);
        store.reads = 0;
        List<MasterIndex.Location> seen = new ArrayList<>();
        for (PackRange range : PackRange.of(PACK, locs)) {
            range.read(store, (loc, box) -> {
                assertArrayEquals(
                        Arrays.copyOfRange(pack, loc.offset(), loc.offset() + loc.length()),
                        box,
                        "the blob at " + loc.offset());
                seen.add(loc);
            });
        }
        assertEquals(locs.size(), seen.size(), "every blob handed over once");
        return store.reads;
    }

    @Test
    void manySmallBlobsAreReadWithABufferAtATimeNotOneReadEach() throws IOException {
        List<MasterIndex.Location> locs = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < 1000; i++) { // 3.6 KB blobs, a gap now and then (blobs of other files)
            locs.add(blob(offset, 3600));
            offset += 3600 + (i % 7 == 0 ? 500 : 0);
        }
        int reads = readAll(locs);
        int buffers = (offset + PackRange.READ_AHEAD - 1) / PackRange.READ_AHEAD;
        assertTrue(reads <= 2 * buffers + 1, reads + " reads for " + locs.size() + " blobs in " + offset + " bytes");
    }

    @Test
    void blobsLongerThanTheBufferAndShortOnesBesideThemArriveWhole() throws IOException {
        List<MasterIndex.Location> locs = List.of(
                blob(0, 100),
                blob(100, 3 * PackRange.READ_AHEAD + 17),
                blob(3 * PackRange.READ_AHEAD + 117, 5),
                blob(3 * PackRange.READ_AHEAD + 200, PackRange.READ_AHEAD),
                blob(5 * PackRange.READ_AHEAD, 1));
        readAll(locs);
    }

    @Test
    void aRangeOfOneBlobIsReadAsItIs() throws IOException {
        readAll(List.of(blob(12345, 2 * PackRange.READ_AHEAD)));
    }
}
