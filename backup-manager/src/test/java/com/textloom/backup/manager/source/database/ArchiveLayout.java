package com.textloom.backup.manager.source.database;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test's reading of a whole {@code pg_dump --format=custom} archive in memory (small archives only), independent of
 * {@link CustomArchiveSpool}: where the table of contents ends, each entry's data position, and each data block's
 * chunks. Also writes small archives of that layout.
 */
final class ArchiveLayout {
    /** One data block: where it starts, its type, and its chunks' payloads (large objects: oid, then chunks). */
    record Block(long start, int type, List<byte[]> chunks) {
        byte[] payload() {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            chunks.forEach(c -> b.write(c, 0, c.length));
            return b.toByteArray();
        }
    }

    /** Where an entry's offset field is, its flag (1 not set, 2 set, 3 no data) and the position it holds. */
    record Offset(int field, int flag, long position) {}

    final int tocEnd;
    final Map<Integer, Offset> offsets = new LinkedHashMap<>();
    final Map<Integer, Block> blocks = new LinkedHashMap<>();
    private final byte[] a;
    private int p;
    private int version;
    private int intSize;
    private int offSize;

    ArchiveLayout(byte[] archive) {
        this.a = archive;
        p = 5;
        p++; // major
        version = a[p++];
        p++; // revision
        intSize = a[p++];
        offSize = a[p++];
        p++; // format
        if (version >= 15) {
            p++;
        } else {
            readInt();
        }
        for (int i = 0; i < 7; i++) {
            readInt();
        }
        for (int i = 0; i < 3; i++) {
            readString();
        }
        int entries = readInt();
        for (int i = 0; i < entries; i++) {
            int id = readInt();
            readInt();
            for (int s = 0; s < 4; s++) {
                readString();
            }
            readInt();
            for (int s = 0; s < 5 + (version >= 14 ? 1 : 0); s++) {
                readString();
            }
            if (version >= 16) {
                readInt();
            }
            readString();
            readString();
            while (readString() != null) {}
            int field = p;
            int flag = a[p++];
            long v = 0;
            for (int b = 0; b < offSize; b++) {
                v |= (long) (a[p++] & 0xff) << (8 * b);
            }
            offsets.put(id, new Offset(field, flag, v));
        }
        tocEnd = p;
        while (p < a.length) {
            int start = p;
            int type = a[p++];
            int id = readInt();
            List<byte[]> chunks = new ArrayList<>();
            if (type == 3) {
                for (int oid = readInt(); oid != 0; oid = readInt()) {
                    readChunks(chunks);
                }
            } else {
                readChunks(chunks);
            }
            blocks.put(id, new Block(start, type, chunks));
        }
    }

    private void readChunks(List<byte[]> chunks) {
        for (int len = readInt(); len != 0; len = readInt()) {
            byte[] c = new byte[len];
            System.arraycopy(a, p, c, 0, len);
            p += len;
            chunks.add(c);
        }
    }

    private int readInt() {
        int sign = a[p++];
        long v = 0;
        for (int b = 0; b < intSize; b++) {
            v |= (long) (a[p++] & 0xff) << (8 * b);
        }
        return sign != 0 ? (int) -v : (int) v;
    }

    private String readString() {
        int len = readInt();
        if (len < 0) {
            return null;
        }
        String s = new String(a, p, len, StandardCharsets.UTF_8);
        p += len;
        return s;
    }

    /** Writes a small archive of format 1.14 (PostgreSQL 15: 4-byte ints, 8-byte offsets), positions "not set". */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer(int entries) {
            out.writeBytes("PGDMP".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(new byte[] {1, 14, 0, 4, 8, 1});
            writeInt(0); // compression level
            for (int i = 0; i < 7; i++) {
                writeInt(1);
            }
            writeString("db");
            writeString("15.20");
            writeString("15.20");
            writeInt(entries);
        }

        /** A table-of-contents entry whose data is in a block (offset "not set"), or has none (3). */
        Writer entry(int dumpId, String tag, boolean hasData) {
            writeInt(dumpId);
            writeInt(hasData ? 1 : 0);
            writeString("0");
            writeString("0");
            writeString(tag);
            writeString(hasData ? "TABLE DATA" : "TABLE");
            writeInt(hasData ? 3 : 2);
            writeString("");
            writeString("");
            writeString(hasData ? "COPY public." + tag + " (t) FROM stdin;\n" : "");
            writeString("public");
            writeString("");
            writeString("heap");
            writeString("postgres");
            writeString("false");
            writeInt(-1); // no dependencies
            out.write(hasData ? 1 : 3);
            out.writeBytes(new byte[8]);
            return this;
        }

        /** A table's data block with these chunks. */
        Writer data(int dumpId, List<byte[]> chunks) {
            out.write(1);
            writeInt(dumpId);
            for (byte[] c : chunks) {
                writeInt(c.length);
                out.writeBytes(c);
            }
            writeInt(0);
            return this;
        }

        /** A large objects block: each object one oid and these chunks. */
        Writer largeObjects(int dumpId, Map<Integer, List<byte[]>> objects) {
            out.write(3);
            writeInt(dumpId);
            objects.forEach((oid, chunks) -> {
                writeInt(oid);
                for (byte[] c : chunks) {
                    writeInt(c.length);
                    out.writeBytes(c);
                }
                writeInt(0);
            });
            writeInt(0);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        /** The archive with every data position set, as pg_dump writes into a file. */
        byte[] withPositionsSet() {
            byte[] a = out.toByteArray();
            ArchiveLayout layout = new ArchiveLayout(a);
            layout.offsets.forEach((id, o) -> {
                ArchiveLayout.Block b = layout.blocks.get(id);
                if (b != null) {
                    a[o.field()] = 2;
                    for (int i = 0; i < 8; i++) {
                        a[o.field() + 1 + i] = (byte) (b.start() >>> (8 * i));
                    }
                }
            });
            return a;
        }

        private void writeInt(int v) {
            out.write(v < 0 ? 1 : 0);
            long x = Math.abs((long) v);
            for (int b = 0; b < 4; b++) {
                out.write((int) (x & 0xff));
                x >>>= 8;
            }
        }

        private void writeString(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            writeInt(b.length);
            out.writeBytes(b);
        }
    }
}
