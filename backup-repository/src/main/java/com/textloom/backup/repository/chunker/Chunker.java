package com.textloom.backup.repository.chunker;

import com.textloom.backup.repository.crypto.Kdf;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * FastCDC content-defined chunking (Xia et al., 2016/2020): a gear rolling hash with normalized
 * chunking at level 2 (FORMAT.md §5). Boundaries depend only on the bytes just before them, so an
 * insertion early in a file changes only the chunks around it. The gear table is keyed with the
 * repository's secret seed. Thread-safe: {@link #split} returns an independent {@link Splitter}.
 */
public final class Chunker {
    /** The largest single read from the input stream. */
    private static final int READ_SIZE = 1 << 20;

    private final ChunkerParams params;
    private final long[] gear = new long[256];
    private final long maskSmall;
    private final long maskLarge;

    public Chunker(ChunkerParams params) {
        this.params = params;
        for (int i = 0; i < 256; i++) {
            byte[] h = Kdf.hmac(params.gearSeed(), new byte[] {(byte) i});
            long v = 0;
            for (int k = 0; k < 8; k++) {
                v = (v << 8) | (h[k] & 0xff);
            }
            gear[i] = v;
        }
        int bits = Integer.numberOfTrailingZeros(params.avgSize());
        maskSmall = topBits(bits + 2);
        maskLarge = topBits(bits - 2);
    }

    private static long topBits(int n) {
        return n <= 0 ? 0 : -1L << (64 - n);
    }

    public ChunkerParams params() {
        return params;
    }

    /**
     * The length of the first chunk of {@code len} bytes at {@code off}, assuming the input ends at
     * {@code off + len} when {@code len < maxSize}.
     */
    public int cut(byte[] b, int off, int len) {
        int min = params.minSize();
        if (len <= min) {
            return len;
        }
        int n = Math.min(len, params.maxSize());
        int normal = Math.min(params.avgSize(), n);
        long h = 0;
        long[] g = gear;
        long ms = maskSmall;
        int i = min;
        for (; i < normal; i++) {
            h = (h << 1) + g[b[off + i] & 0xff];
            if ((h & ms) == 0) {
                return i + 1;
            }
        }
        long ml = maskLarge;
        for (; i < n; i++) {
            h = (h << 1) + g[b[off + i] & 0xff];
            if ((h & ml) == 0) {
                return i + 1;
            }
        }
        return n;
    }

    /** Splits a stream into chunks with a new buffer (see {@link #newBuffer()}). */
    public Splitter split(InputStream in) {
        return new Splitter(in, newBuffer());
    }

    /**
     * Splits a stream into chunks reading through {@code buffer} (from {@link #newBuffer()}), which
     * a thread may reuse for one stream after another: memory stays at 1.5 * maxSize per reader.
     */
    public Splitter split(InputStream in, byte[] buffer) {
        if (buffer.length < params.maxSize() + params.maxSize() / 2) {
            throw new IllegalArgumentException("chunker buffer too small: " + buffer.length);
        }
        return new Splitter(in, buffer);
    }

    /** A read buffer for {@link #split(InputStream, byte[])}: 1.5 * maxSize bytes. */
    public byte[] newBuffer() {
        return new byte[params.maxSize() + params.maxSize() / 2];
    }

    /** Iterates over the chunks of one stream. Not thread-safe. */
    public final class Splitter {
        private final InputStream in;
        private final byte[] buf;
        private int start;
        private int end;
        private boolean eof;

        Splitter(InputStream in, byte[] buf) {
            this.in = in;
            this.buf = buf;
        }

        private int chunkStart;
        private int chunkLength;

        /** The next chunk (a new array the caller owns), or {@code null} at the end of the stream. */
        public byte[] next() throws IOException {
            return cutNext() ? Arrays.copyOfRange(buf, chunkStart, chunkStart + chunkLength) : null;
        }

        /**
         * Cuts the next chunk without copying it: it is {@link #chunkLength()} bytes of
         * {@link #buffer()} at {@link #chunkOffset()}, until the next call.
         *
         * @return {@code false} at the end of the stream
         */
        public boolean cutNext() throws IOException {
            fill();
            if (start == end) {
                chunkLength = 0;
                return false;
            }
            chunkStart = start;
            chunkLength = cut(buf, start, end - start);
            start += chunkLength;
            return true;
        }

        /** The buffer holding the chunk {@link #cutNext()} cut. */
        public byte[] buffer() {
            return buf;
        }

        public int chunkOffset() {
            return chunkStart;
        }

        public int chunkLength() {
            return chunkLength;
        }

        private void fill() throws IOException {
            if (eof || end - start >= params.maxSize()) {
                return;
            }
            if (start > 0 && buf.length - start < params.maxSize()) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            while (end < buf.length) {
                // at most READ_SIZE per read: a file stream copies each read through a temporary direct
                // buffer of the read's size that its thread keeps, so 6 MiB reads would pin 6 MiB of
                // native memory per reader thread
                int r = in.read(buf, end, Math.min(READ_SIZE, buf.length - end));
                if (r < 0) {
                    eof = true;
                    return;
                }
                end += r;
                if (end - start >= params.maxSize()) {
                    return;
                }
            }
        }
    }
}
