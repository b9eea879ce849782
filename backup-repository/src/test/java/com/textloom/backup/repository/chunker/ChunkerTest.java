package com.textloom.backup.repository.chunker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChunkerTest {
    private static final byte[] SEED = new byte[32];
    private final Chunker chunker = new Chunker(ChunkerParams.forAverage(16 << 10, SEED));

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private List<byte[]> chunks(byte[] data) throws IOException {
        return chunks(new ByteArrayInputStream(data));
    }

    private List<byte[]> chunks(InputStream in) throws IOException {
        List<byte[]> out = new ArrayList<>();
        Chunker.Splitter s = chunker.split(in);
        for (byte[] c = s.next(); c != null; c = s.next()) {
            out.add(c);
        }
        return out;
    }

    private static Set<String> digests(List<byte[]> chunks) throws Exception {
        Set<String> out = new HashSet<>();
        for (byte[] c : chunks) {
            out.add(HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(c)));
        }
        return out;
    }

    @Test
    void chunksConcatenateToTheInputAndRespectMinAndMax() throws Exception {
        byte[] data = random(3 << 20, 1);
        List<byte[]> chunks = chunks(data);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < chunks.size(); i++) {
            byte[] c = chunks.get(i);
            joined.write(c);
            assertTrue(c.length <= 64 << 10, "max size");
            if (i < chunks.size() - 1) {
                assertTrue(c.length >= 4 << 10, "min size");
            }
        }
        assertArrayEquals(data, joined.toByteArray());
        double avg = (double) data.length / chunks.size();
        assertTrue(avg > 8 << 10 && avg < 32 << 10, "average near 16 KiB: " + avg);
    }

    @Test
    void anInsertionEarlyInAFileChangesOnlyTheChunksAroundIt() throws Exception {
        byte[] data = random(4 << 20, 2);
        byte[] shifted = new byte[data.length + 100];
        System.arraycopy(data, 0, shifted, 0, 5000);
        System.arraycopy(random(100, 3), 0, shifted, 5000, 100);
        System.arraycopy(data, 5000, shifted, 5100, data.length - 5000);
        Set<String> before = digests(chunks(data));
        Set<String> after = digests(chunks(shifted));
        Set<String> changed = new HashSet<>(after);
        changed.removeAll(before);
        assertTrue(before.size() > 100);
        assertTrue(changed.size() <= 2, "only the chunks around the insertion change: " + changed.size());
    }

    @Test
    void boundariesDoNotDependOnHowTheStreamDeliversBytes() throws Exception {
        byte[] data = random(1 << 20, 4);
        InputStream trickle = new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 777));
            }
        };
        assertEquals(digests(chunks(data)), digests(chunks(trickle)));
    }

    @Test
    void aDifferentGearSeedGivesDifferentBoundaries() throws Exception {
        byte[] data = random(1 << 20, 5);
        byte[] other = new byte[32];
        other[0] = 1;
        Chunker keyed = new Chunker(ChunkerParams.forAverage(16 << 10, other));
        List<Integer> a = new ArrayList<>();
        List<Integer> b = new ArrayList<>();
        for (byte[] c : chunks(data)) {
            a.add(c.length);
        }
        Chunker.Splitter s = keyed.split(new ByteArrayInputStream(data));
        for (byte[] c = s.next(); c != null; c = s.next()) {
            b.add(c.length);
        }
        assertTrue(!a.equals(b));
    }

    @Test
    void emptyAndTinyInputsGiveNoneOrOneChunk() throws Exception {
        assertEquals(0, chunks(new byte[0]).size());
        assertEquals(1, chunks(new byte[] {7}).size());
    }
}
