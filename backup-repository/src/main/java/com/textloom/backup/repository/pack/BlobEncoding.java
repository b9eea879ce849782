package com.textloom.backup.repository.pack;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.textloom.backup.repository.CorruptBlobException;
import com.textloom.backup.repository.crypto.MasterKey;

/**
 * The encoding byte in front of a blob's (or metadata file's) plaintext: {@code 0x00} raw,
 * {@code 0x01} one zstd frame (FORMAT.md §4). Compression is skipped when it does not shrink.
 * Thread-safe (one zstd context per thread).
 *
 * <p>zstd works on per-thread direct buffers, never on heap arrays: zstd-jni pins a heap array
 * for the whole call (a JNI critical region), and while one is pinned the serial collector cannot
 * run and grows the heap instead (a first backup of 1 GiB touched 100 MB more heap for it).
 */
public final class BlobEncoding {
    public static final byte RAW = 0;
    public static final byte ZSTD = 1;

    private static final ThreadLocal<ZstdCompressCtx> COMPRESS = ThreadLocal.withInitial(ZstdCompressCtx::new);
    private static final ThreadLocal<ZstdDecompressCtx> DECOMPRESS = ThreadLocal.withInitial(ZstdDecompressCtx::new);
    private static final int PROBE = 32 << 10;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[0]);
    private static final ThreadLocal<DirectPair> DIRECT = ThreadLocal.withInitial(DirectPair::new);
    private static final ThreadLocal<Encoded> ENCODED = ThreadLocal.withInitial(Encoded::new);

    private BlobEncoding() {}

    /**
     * Encodes {@code len} bytes: zstd at {@code level} when {@code level > 0} and it shrinks,
     * otherwise raw.
     */
    public static byte[] encode(byte[] data, int off, int len, int level) {
        byte[] dst = new byte[capacity(len)];
        int n = encodeInto(dst, data, off, len, level);
        return n == dst.length ? dst : java.util.Arrays.copyOf(dst, n);
    }

    /**
     * Encodes {@code len} bytes as {@link #encode} does and seals the result with {@code aad}: the
     * sealed box of a blob. The encoded form lives in a per-thread scratch buffer, so a blob costs
     * one new array (the box) instead of three.
     */
    public static byte[] encodeAndSeal(MasterKey key, String aad, byte[] data, int off, int len, int level) {
        byte[] scratch = scratch(len);
        int n = encodeInto(scratch, data, off, len, level);
        MasterKey.warmUp(MasterKey.Use.SEAL, n);
        return key.seal(aad, scratch, 0, n);
    }

    /** Bytes the encoding of {@code len} bytes may take. */
    private static int capacity(int len) {
        return 1 + (int) Math.max(len, com.github.luben.zstd.Zstd.compressBound(len));
    }

    /**
     * A per-thread buffer for the encoding of {@code len} bytes (grown, never shrunk: blobs are at
     * most the chunker's largest chunk, or one tree).
     */
    private static byte[] scratch(int len) {
        int need = capacity(len);
        byte[] b = SCRATCH.get();
        if (b.length < need) {
            b = new byte[need];
            SCRATCH.set(b);
        }
        return b;
    }

    /** Writes the encoding byte and the encoded data to {@code dst}; returns its length. */
    private static int encodeInto(byte[] dst, byte[] data, int off, int len, int level) {
        int n = compress(data, off, len, level);
        if (n >= 0) {
            DIRECT.get().out.get(0, dst, 1, n);
            dst[0] = ZSTD;
            return n + 1;
        }
        dst[0] = RAW;
        System.arraycopy(data, off, dst, 1, len);
        return len + 1;
    }

    /**
     * The zstd frame of {@code len} bytes at {@code level}, left at the start of the thread's direct
     * output buffer, when compression is on and shrinks them; otherwise -1 (store them raw). The one
     * place that decides a blob's encoding.
     */
    private static int compress(byte[] data, int off, int len, int level) {
        if (level > 0 && len >= 64) {
            DirectPair d = DIRECT.get().in(data, off, len, capacity(len) - 1);
            if (len < PROBE * 2 || probablyCompressible(d)) {
                ZstdCompressCtx ctx = COMPRESS.get();
                ctx.setLevel(level);
                ctx.setContentSize(true);
                int n = ctx.compressDirectByteBuffer(d.out, 0, capacity(len) - 1, d.in, 0, len);
                if (n < len) {
                    return n;
                }
            }
        }
        return -1;
    }

    /**
     * Encodes {@code len} bytes as {@link #encode} does and keeps the result in the calling thread's
     * buffers, to be copied where it is sealed ({@link Encoded#copyTo}): a data blob is encoded here
     * and sealed in place in its pack's buffer, with no array of its own. Valid until the thread
     * encodes again; a raw encoding refers to {@code data}, which must not change until then.
     */
    public static Encoded encodeHeld(byte[] data, int off, int len, int level) {
        Encoded e = ENCODED.get();
        int n = compress(data, off, len, level);
        if (n >= 0) {
            e.raw = null;
            e.length = n + 1;
        } else {
            e.raw = data;
            e.rawOff = off;
            e.length = len + 1;
        }
        MasterKey.warmUp(MasterKey.Use.SEAL, e.length);
        return e;
    }

    /** A blob's encoding held by {@link #encodeHeld} in its thread's buffers. */
    public static final class Encoded {
        private byte[] raw;
        private int rawOff;
        private int length;

        private Encoded() {}

        /** Bytes of the encoding, the encoding byte included. */
        public int length() {
            return length;
        }

        /** Copies the encoding (encoding byte first) to {@code dst[off, off + length())}. */
        public void copyTo(byte[] dst, int off) {
            if (raw == null) {
                dst[off] = ZSTD;
                DIRECT.get().out.get(0, dst, off + 1, length - 1);
            } else {
                dst[off] = RAW;
                System.arraycopy(raw, rawOff, dst, off + 1, length - 1);
            }
        }
    }

    /**
     * Whether a 32 KiB sample from the start shrinks by at least 3% at zstd level 1: media and
     * already compressed data skip the full compression.
     */
    private static boolean probablyCompressible(DirectPair d) {
        ZstdCompressCtx ctx = COMPRESS.get();
        ctx.setLevel(1);
        int n = ctx.compressDirectByteBuffer(d.out, 0, d.out.capacity(), d.in, 0, PROBE);
        return n < PROBE - PROBE / 32;
    }

    /**
     * A thread's direct input and output buffers for zstd, grown (never shrunk) to the largest blob
     * the thread has coded: at most the chunker's largest chunk, or one tree or metadata file.
     */
    private static final class DirectPair {
        private java.nio.ByteBuffer in = java.nio.ByteBuffer.allocateDirect(0);
        private java.nio.ByteBuffer out = java.nio.ByteBuffer.allocateDirect(0);

        /** Copies {@code len} bytes to {@link #in} and makes {@link #out} hold {@code outLen}. */
        DirectPair in(byte[] data, int off, int len, int outLen) {
            if (in.capacity() < len) {
                in = java.nio.ByteBuffer.allocateDirect(len);
            }
            if (out.capacity() < outLen) {
                out = java.nio.ByteBuffer.allocateDirect(outLen);
            }
            in.put(0, data, off, len);
            return this;
        }
    }

    /**
     * Decodes an encoded plaintext of expected decoded size {@code rawLength} ({@code -1}: take it
     * from the zstd frame).
     *
     * @throws CorruptBlobException naming {@code what} when the encoding is invalid
     */
    /**
     * As {@link #decode(byte[], int, String, String)} without copying the result to a new array: a raw blob is a view
     * of {@code plain} after its encoding byte, a zstd blob is decoded into this thread's direct buffer and the view is
     * of that buffer, so it is valid only until this thread decodes again. For callers that write the bytes out at
     * once (the restorer): a direct buffer goes to a file channel without the JDK's copy to a temporary one.
     */
    public static java.nio.ByteBuffer decodeView(byte[] plain, int rawLength, String what, String pack)
            throws CorruptBlobException {
        if (plain.length < 1) {
            throw new CorruptBlobException(what, pack, "empty plaintext");
        }
        if (plain[0] == RAW) {
            if (rawLength >= 0 && plain.length - 1 != rawLength) {
                throw new CorruptBlobException(what, pack, "length " + (plain.length - 1) + " != " + rawLength);
            }
            return java.nio.ByteBuffer.wrap(plain, 1, plain.length - 1).slice();
        }
        if (plain[0] != ZSTD || rawLength < 0) {
            return java.nio.ByteBuffer.wrap(decode(plain, rawLength, what, pack));
        }
        DirectPair d = DIRECT.get().in(plain, 1, plain.length - 1, rawLength);
        int n;
        try {
            n = DECOMPRESS.get().decompressDirectByteBuffer(d.out, 0, rawLength, d.in, 0, plain.length - 1);
        } catch (RuntimeException e) {
            throw new CorruptBlobException(what, pack, "zstd frame is invalid: " + e.getMessage());
        }
        if (n != rawLength) {
            throw new CorruptBlobException(what, pack, "zstd frame decoded to " + n + " of " + rawLength + " bytes");
        }
        return d.out.slice(0, n);
    }

    public static byte[] decode(byte[] plain, int rawLength, String what, String pack) throws CorruptBlobException {
        if (plain.length < 1) {
            throw new CorruptBlobException(what, pack, "empty plaintext");
        }
        switch (plain[0]) {
            case RAW: {
                byte[] out = java.util.Arrays.copyOfRange(plain, 1, plain.length);
                if (rawLength >= 0 && out.length != rawLength) {
                    throw new CorruptBlobException(what, pack, "length " + out.length + " != " + rawLength);
                }
                return out;
            }
            case ZSTD: {
                long size = rawLength >= 0
                        ? rawLength
                        : com.github.luben.zstd.Zstd.getFrameContentSize(plain, 1, plain.length - 1);
                if (size < 0 || size > Integer.MAX_VALUE - 16) {
                    throw new CorruptBlobException(what, pack, "bad zstd frame size " + size);
                }
                byte[] out = new byte[(int) size];
                try {
                    DirectPair d = DIRECT.get().in(plain, 1, plain.length - 1, out.length);
                    int n = DECOMPRESS
                            .get()
                            .decompressDirectByteBuffer(d.out, 0, out.length, d.in, 0, plain.length - 1);
                    d.out.get(0, out, 0, n);
                    if (n != size) {
                        throw new CorruptBlobException(
                                what, pack, "zstd frame decoded to " + n + " of " + size + " bytes");
                    }
                } catch (RuntimeException e) {
                    throw new CorruptBlobException(what, pack, "zstd frame is invalid: " + e.getMessage());
                }
                return out;
            }
            default:
                throw new CorruptBlobException(what, pack, "unknown encoding byte " + plain[0]);
        }
    }
}
