package com.textloom.backup.manager.source.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RDB version 12 (Redis 7.4 and 8.0) on a hand-made stream: the machine's redis-server is 7.0 and writes version 10,
 * so no real v12 file can be produced here. The stream follows Redis' {@code rdb.h} / {@code rdbLoadObject}: the
 * {@code SLOT_INFO} opcode (244: slot, keys, keys with expiry) and the four hash types with field expiry — 24
 * {@code HASH_METADATA} (the next expiry in ms, then per field its expiry relative to it + 1 or 0, field, value), 22
 * its 7.4 release-candidate form (absolute expiries, no base), 25 {@code HASH_LISTPACK_EX} (the next expiry, then a
 * listpack of field, value, absolute expiry triplets) and 23 its release-candidate form (the listpack alone).
 * Before: {@code RDB version 12 is not supported (1..11 are)} and no key read.
 */
class RdbVersion12Test {
    private static final long BASE = 1_900_000_000_000L;

    @Test
    void version12WithSlotInfoAndHashesWithFieldExpiryIsReadKeyByKey() throws IOException {
        List<String> seen = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        RdbReader reader = new RdbReader(new ByteArrayInputStream(rdb(12)));
        reader.read((db, key, expireAtMs, type, value) -> {
            seen.add(db + ":" + new String(key, StandardCharsets.UTF_8) + ":" + type + ":" + expireAtMs);
            values.add(value);
        });
        assertEquals(12, reader.version());
        assertEquals(List.of("0:s:0:" + BASE, "0:h24:24:-1", "0:h22:22:-1", "0:h25:25:-1", "0:h23:23:-1"), seen);
        // each value is exactly its bytes in the stream: what RESTORE gets with the type byte, version 12 and a CRC
        assertArrayEquals(hashMetadata(true), values.get(1));
        assertArrayEquals(hashListpackEx(true), values.get(3));
    }

    @Test
    void theFiguresOfAHashWithFieldExpiryDoNotDependOnItsEncoding() throws IOException {
        RedisFigures figures = new RedisFigures();
        new RdbReader(new ByteArrayInputStream(rdb(12))).read(figures);
        Map<String, String> f = figures.figures();
        assertEquals("5", f.get("db.0.keys"));
        assertEquals("1", f.get("db.0.expires"));

        // the same hash (a=1 without expiry, b=2 expiring at BASE) under its four encodings gives one digest
        List<String> digests = new ArrayList<>();
        for (int type : new int[] {24, 22, 25, 23}) {
            RedisFigures one = new RedisFigures();
            one.onKey(0, "h".getBytes(StandardCharsets.UTF_8), -1, type, value(type));
            digests.add(one.figures().get("db.0.digest"));
        }
        assertEquals(List.of(digests.get(0), digests.get(0), digests.get(0), digests.get(0)), digests);
        // and the field's expiry counts: the same fields without it differ
        RedisFigures plain = new RedisFigures();
        plain.onKey(
                0,
                "h".getBytes(StandardCharsets.UTF_8),
                -1,
                RdbReader.T_HASH_LISTPACK,
                string(listpack("a", 1, "b", 2)));
        assertNotEquals(digests.get(0), plain.figures().get("db.0.digest"));
    }

    @Test
    void aNewerVersionIsRefusedNamingItBeforeAnyKey() {
        List<String> seen = new ArrayList<>();
        RdbFormatException e = assertThrows(
                RdbFormatException.class,
                () -> new RdbReader(new ByteArrayInputStream(rdb(13)))
                        .read((db, key, exp, type, value) -> seen.add("key")));
        assertTrue(e.getMessage().contains("RDB version 13 is not supported (1..12"), e.getMessage());
        assertEquals(List.of(), seen);
    }

    // ---- a stream as Redis 7.4 writes it
    // -----------------------------------------------------------------------------

    private static byte[] rdb(int version) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(String.format("REDIS%04d", version).getBytes(StandardCharsets.US_ASCII));
        o.write(0xFA);
        o.write(string("redis-ver"));
        o.write(string("7.4.0"));
        o.write(0xF4); // SLOT_INFO: slot 0, 5 keys, 1 with an expiry
        o.write(length(0));
        o.write(length(5));
        o.write(length(1));
        o.write(0xFE);
        o.write(length(0));
        o.write(0xFB);
        o.write(length(5));
        o.write(length(1));
        o.write(0xFC);
        o.write(le64(BASE));
        o.write(0);
        o.write(string("s"));
        o.write(string("v"));
        for (int type : new int[] {24, 22, 25, 23}) {
            o.write(type);
            o.write(string("h" + type));
            o.write(value(type));
        }
        o.write(0xFF);
        o.write(new byte[8]); // no checksum (0: not checked, as Redis does with rdbchecksum no)
        return o.toByteArray();
    }

    private static byte[] value(int type) throws IOException {
        return switch (type) {
            case 24 -> hashMetadata(true);
            case 22 -> hashMetadata(false);
            case 25 -> hashListpackEx(true);
            case 23 -> hashListpackEx(false);
            default -> throw new IllegalArgumentException();
        };
    }

    /** a=1 without expiry, b=2 expiring at BASE: 24 with the base (b's expiry relative: BASE - BASE + 1), 22 absolute. */
    private static byte[] hashMetadata(boolean ga) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        if (ga) {
            o.write(le64(BASE));
        }
        o.write(length(2));
        o.write(length(0));
        o.write(string("a"));
        o.write(string("1"));
        if (ga) {
            o.write(length(1));
        } else {
            o.write(0x81); // 64-bit length
            o.write(be64(BASE));
        }
        o.write(string("b"));
        o.write(string("2"));
        return o.toByteArray();
    }

    private static byte[] hashListpackEx(boolean ga) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        if (ga) {
            o.write(le64(BASE));
        }
        o.write(string(listpack("a", "1", 0, "b", "2", BASE)));
        return o.toByteArray();
    }

    /** A listpack of strings (short) and integers (7-bit or 64-bit), as Redis lays it out. */
    private static byte[] listpack(Object... entries) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Object e : entries) {
            byte[] entry;
            if (e instanceof String s) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                entry = new byte[1 + b.length];
                entry[0] = (byte) (0x80 | b.length);
                System.arraycopy(b, 0, entry, 1, b.length);
            } else {
                long v = ((Number) e).longValue();
                if (v >= 0 && v < 128) {
                    entry = new byte[] {(byte) v};
                } else {
                    entry = new byte[9];
                    entry[0] = (byte) 0xF4;
                    System.arraycopy(le64(v), 0, entry, 1, 8);
                }
            }
            body.writeBytes(entry);
            body.write(entry.length); // backlen: entries here are shorter than 128 bytes
        }
        body.write(0xFF);
        int total = 6 + body.size();
        ByteArrayOutputStream lp = new ByteArrayOutputStream();
        lp.writeBytes(new byte[] {
            (byte) total,
            (byte) (total >> 8),
            (byte) (total >> 16),
            (byte) (total >> 24),
            (byte) entries.length,
            (byte) (entries.length >> 8)
        });
        lp.writeBytes(body.toByteArray());
        return lp.toByteArray();
    }

    private static byte[] string(String s) {
        return string(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] string(byte[] b) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(length(b.length));
        o.writeBytes(b);
        return o.toByteArray();
    }

    private static byte[] length(long n) {
        if (n < 64) {
            return new byte[] {(byte) n};
        }
        if (n < 16384) {
            return new byte[] {(byte) (0x40 | (n >> 8)), (byte) n};
        }
        return new byte[] {(byte) 0x80, (byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }

    private static byte[] le64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    private static byte[] be64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
        return b;
    }
}
