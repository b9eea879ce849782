package com.textloom.backup.manager.source.redis;

/** LZF decompression, as Redis uses it for long strings in RDB files. */
final class Lzf {
    private Lzf() {}

    static byte[] decompress(byte[] in, int outLen) throws RdbFormatException {
        byte[] out = new byte[outLen];
        int ip = 0;
        int op = 0;
        try {
            while (ip < in.length) {
                int ctrl = in[ip++] & 0xff;
                if (ctrl < 32) {
                    int len = ctrl + 1;
                    System.arraycopy(in, ip, out, op, len);
                    ip += len;
                    op += len;
                } else {
                    int len = ctrl >> 5;
                    int ref = op - ((ctrl & 0x1f) << 8) - 1;
                    if (len == 7) {
                        len += in[ip++] & 0xff;
                    }
                    ref -= in[ip++] & 0xff;
                    len += 2;
                    if (ref < 0) {
                        throw new RdbFormatException("corrupt LZF data");
                    }
                    if (op + len > outLen) {
                        throw new RdbFormatException("corrupt LZF data");
                    }
                    if (op - ref >= len) {
                        System.arraycopy(out, ref, out, op, len); // no overlap
                        op += len;
                    } else {
                        for (int i = 0; i < len; i++) {
                            out[op++] = out[ref++];
                        }
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new RdbFormatException("corrupt LZF data");
        }
        if (op != outLen) {
            throw new RdbFormatException("corrupt LZF data (length mismatch)");
        }
        return out;
    }
}
