package com.textloom.backup.manager.source.redis;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The CRC-64 Redis uses for RDB files and DUMP payloads (Jones polynomial {@code 0xad93d23594c935a9},
 * reflected, initial value 0): {@code crc64("123456789") == 0xe9c6d914c4b8d9caL}. Eight bytes per
 * step ("slicing by 8", as Redis' own crcspeed does), since every byte of a backup and of every
 * restored value goes through it.
 */
public final class Crc64 {
    private static final long[][] TABLES = new long[8][256];
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        long reflectedPoly = 0x95AC9329AC4BC9B5L;
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ reflectedPoly : crc >>> 1;
            }
            TABLES[0][i] = crc;
        }
        for (int t = 1; t < 8; t++) {
            for (int i = 0; i < 256; i++) {
                long prev = TABLES[t - 1][i];
                TABLES[t][i] = (prev >>> 8) ^ TABLES[0][(int) (prev & 0xff)];
            }
        }
    }

    private long crc;

    public void update(byte[] b, int off, int len) {
        long[] t0 = TABLES[0], t1 = TABLES[1], t2 = TABLES[2], t3 = TABLES[3];
        long[] t4 = TABLES[4], t5 = TABLES[5], t6 = TABLES[6], t7 = TABLES[7];
        long c = crc;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            c ^= (long) LE64.get(b, i);
            c = t7[(int) (c & 0xff)]
                    ^ t6[(int) ((c >>> 8) & 0xff)]
                    ^ t5[(int) ((c >>> 16) & 0xff)]
                    ^ t4[(int) ((c >>> 24) & 0xff)]
                    ^ t3[(int) ((c >>> 32) & 0xff)]
                    ^ t2[(int) ((c >>> 40) & 0xff)]
                    ^ t1[(int) ((c >>> 48) & 0xff)]
                    ^ t0[(int) (c >>> 56)];
        }
        for (; i < end; i++) {
            c = t0[(int) ((c ^ b[i]) & 0xff)] ^ (c >>> 8);
        }
        crc = c;
    }

    public void update(int b) {
        crc = TABLES[0][(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
    }

    public long value() {
        return crc;
    }

    public static long of(byte[] b) {
        Crc64 c = new Crc64();
        c.update(b, 0, b.length);
        return c.value();
    }
}
