package com.textloom.backup.repository.chunker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Known-answer test of FORMAT.md §5: the chunk boundaries of a fixed input under a fixed gear seed
 * are pinned, so any change to the gear table, the rolling hash, the masks or where hashing starts
 * fails here (it would silently break deduplication against every existing repository). The same
 * vector is printed in FORMAT.md §5 for a second implementation; {@link #referenceCut} is such an
 * implementation, written from the text of §5 alone, and must agree.
 */
class ChunkerKnownAnswerTest {
    /** gear_seed = the bytes 0x00, 0x01, ..., 0x1f. */
    static byte[] seed() {
        byte[] s = new byte[32];
        for (int i = 0; i < 32; i++) {
            s[i] = (byte) i;
        }
        return s;
    }

    /**
     * The input: 1 MiB made of the blocks SHA-256("textloom-chunker-test" ‖ k as 8-byte big-endian)
     * for k = 0, 1, 2, ... concatenated.
     */
    static byte[] input() throws GeneralSecurityException {
        byte[] out = new byte[1 << 20];
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] prefix = "textloom-chunker-test".getBytes(StandardCharsets.UTF_8);
        for (int k = 0; k < out.length / 32; k++) {
            sha.update(prefix);
            sha.update(ByteBuffer.allocate(8).putLong(k).array());
            System.arraycopy(sha.digest(), 0, out, k * 32, 32);
        }
        return out;
    }

    /** The pinned chunk lengths of {@link #input()} with avg = 64 KiB (min 16 KiB, max 256 KiB). */
    static final List<Integer> EXPECTED_64K = List.of(
            76248, 51208, 82511, 66791, 76580, 81089, 57425, 80507, 69588, 76010, 113854, 46265, 66590, 65742, 38168);

    private static List<Integer> lengths(Chunker chunker, byte[] data) throws IOException {
        List<Integer> out = new ArrayList<>();
        Chunker.Splitter s = chunker.split(new ByteArrayInputStream(data));
        for (byte[] c = s.next(); c != null; c = s.next()) {
            out.add(c.length);
        }
        return out;
    }

    @Test
    void boundariesOfTheFixedInputArePinned() throws Exception {
        Chunker chunker = new Chunker(ChunkerParams.forAverage(64 << 10, seed()));
        assertEquals(EXPECTED_64K, lengths(chunker, input()));
        // stable: a second chunker with the same parameters cuts the same way
        assertEquals(EXPECTED_64K, lengths(new Chunker(ChunkerParams.forAverage(64 << 10, seed())), input()));
    }

    @Test
    void anImplementationWrittenFromFormatMdAgrees() throws Exception {
        byte[] data = input();
        ChunkerParams p = ChunkerParams.forAverage(64 << 10, seed());
        List<Integer> ref = new ArrayList<>();
        for (int off = 0; off < data.length; ) {
            int n = referenceCut(p.minSize(), p.avgSize(), p.maxSize(), seed(), data, off, data.length - off);
            ref.add(n);
            off += n;
        }
        assertEquals(EXPECTED_64K, ref);
    }

    /** FORMAT.md §5, literally: the length of the chunk starting at {@code off}. */
    static int referenceCut(int min, int avg, int max, byte[] gearSeed, byte[] b, int off, int len)
            throws GeneralSecurityException {
        long[] gear = new long[256];
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(gearSeed, "HmacSHA256"));
        for (int i = 0; i < 256; i++) {
            gear[i] = ByteBuffer.wrap(mac.doFinal(new byte[] {(byte) i})).getLong();
        }
        int bits = Integer.numberOfTrailingZeros(avg);
        long maskSmall = -1L << (64 - (bits + 2));
        long maskLarge = -1L << (64 - (bits - 2));
        if (len <= min) {
            return len;
        }
        int end = Math.min(len, max);
        long h = 0;
        for (int pos = min; pos < end; pos++) {
            h = (h << 1) + gear[b[off + pos] & 0xff];
            long mask = pos < avg ? maskSmall : maskLarge;
            if ((h & mask) == 0) {
                return pos + 1;
            }
        }
        return end;
    }
}
