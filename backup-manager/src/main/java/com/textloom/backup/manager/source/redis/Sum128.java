package com.textloom.backup.manager.source.redis;

import java.util.HexFormat;

/** An order-independent digest: the sum, modulo 2^128, of the first 16 bytes of element hashes. */
final class Sum128 {
    private long high;
    private long low;

    void add(byte[] hash) {
        long h = RdbReader.le64(hash, 8);
        long l = RdbReader.le64(hash, 0);
        long newLow = low + l;
        if (Long.compareUnsigned(newLow, low) < 0) {
            high++;
        }
        low = newLow;
        high += h;
    }

    byte[] bytes() {
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (high >>> (56 - 8 * i));
            out[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return out;
    }

    String hex() {
        return HexFormat.of().formatHex(bytes());
    }
}
