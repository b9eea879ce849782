package com.textloom.backup.repository.pack;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.textloom.backup.repository.CorruptBlobException;

/**
 * The encoding byte in front of a blob's (or metadata file's) plaintext: {@code 0x00} raw,
 * {@code 0x01} one zstd frame (FORMAT.md §4). Compression is skipped when it does not shrink.
 * Thread-safe (one zstd context per thread).
 */
public final class BlobEncoding {
  public static final byte RAW = 0;
  public static final byte ZSTD = 1;

  private static final ThreadLocal<ZstdCompressCtx> COMPRESS = ThreadLocal.withInitial(ZstdCompressCtx::new);
  private static final ThreadLocal<ZstdDecompressCtx> DECOMPRESS = ThreadLocal.withInitial(ZstdDecompressCtx::new);

  private BlobEncoding() {}

  /**
   * Encodes {@code len} bytes: zstd at {@code level} when {@code level > 0} and it shrinks,
   * otherwise raw.
   */
  public static byte[] encode(byte[] data, int off, int len, int level) {
    if (level > 0 && len >= 64 && (len < PROBE * 2 || probablyCompressible(data, off))) {
      byte[] dst = new byte[1 + (int) com.github.luben.zstd.Zstd.compressBound(len)];
      ZstdCompressCtx ctx = COMPRESS.get();
      ctx.setLevel(level);
      ctx.setContentSize(true);
      int n = ctx.compressByteArray(dst, 1, dst.length - 1, data, off, len);
      if (n < len) {
        dst[0] = ZSTD;
        return n + 1 == dst.length ? dst : java.util.Arrays.copyOf(dst, n + 1);
      }
    }
    byte[] out = new byte[len + 1];
    out[0] = RAW;
    System.arraycopy(data, off, out, 1, len);
    return out;
  }

  private static final int PROBE = 32 << 10;

  /**
   * Whether a 32 KiB sample from the start shrinks by at least 3% at zstd level 1: media and
   * already compressed data skip the full compression.
   */
  private static boolean probablyCompressible(byte[] data, int off) {
    byte[] dst = new byte[(int) com.github.luben.zstd.Zstd.compressBound(PROBE)];
    ZstdCompressCtx ctx = COMPRESS.get();
    ctx.setLevel(1);
    int n = ctx.compressByteArray(dst, 0, dst.length, data, off, PROBE);
    return n < PROBE - PROBE / 32;
  }

  /**
   * Decodes an encoded plaintext of expected decoded size {@code rawLength} ({@code -1}: take it
   * from the zstd frame).
   *
   * @throws CorruptBlobException naming {@code what} when the encoding is invalid
   */
  public static byte[] decode(byte[] plain, int rawLength, String what, String pack)
      throws CorruptBlobException {
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
        long size = rawLength >= 0 ? rawLength
            : com.github.luben.zstd.Zstd.getFrameContentSize(plain, 1, plain.length - 1);
        if (size < 0 || size > Integer.MAX_VALUE - 16) {
          throw new CorruptBlobException(what, pack, "bad zstd frame size " + size);
        }
        byte[] out = new byte[(int) size];
        try {
          int n = DECOMPRESS.get().decompressByteArray(out, 0, out.length, plain, 1, plain.length - 1);
          if (n != size) {
            throw new CorruptBlobException(what, pack, "zstd frame decoded to " + n + " of " + size + " bytes");
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
