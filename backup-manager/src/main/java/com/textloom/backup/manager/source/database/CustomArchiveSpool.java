package com.textloom.backup.manager.source.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Copies a {@code pg_dump --format=custom} archive from a stream to a file and then writes the
 * position of every data block into the archive's table of contents, as {@code pg_dump} itself
 * does when its output is a seekable file.
 *
 * <p>Why: {@code pg_dump} writing to a pipe (as {@link PostgresSource} does, to stream into the
 * repository) cannot go back to record where each table's data starts, so the table of contents
 * says "position not set". {@code pg_restore --jobs} then makes each worker scan the archive from
 * the start to find its table, chunk by chunk; with an uncompressed dump (one chunk per row) that
 * made a parallel restore of a 5-million-row database a third slower than restoring the same data
 * from a file {@code pg_dump} wrote itself. With the positions filled in, workers seek directly.
 *
 * <p>Guarantees: the file always receives the stream's bytes unchanged, except that, only when
 * the whole archive was understood (versions 1.12 to 1.16 of the format: PostgreSQL 9.0 to 17),
 * each table-of-contents entry whose data position was "not set" and whose data block was found
 * gets "set" and that block's position, exactly the fields {@code pg_dump} rewrites. Anything not
 * understood leaves the file a plain copy, which {@code pg_restore} reads as before, only slower.
 * Memory: a 64 KiB buffer and one position per table-of-contents entry.
 */
final class CustomArchiveSpool {
    private static final int MIN_VERSION = 12;
    private static final int MAX_VERSION = 16;
    private static final int OFFSET_NOT_SET = 1;
    private static final int OFFSET_SET = 2;
    private static final int BLOCK_DATA = 1;
    private static final int BLOCK_LARGE_OBJECTS = 3;

    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private long base;
    private boolean eof;
    private int version;
    private int intSize;
    private int offSize;
    /** dumpId → where its offset field (flag byte, then offSize bytes) is. */
    private final Map<Integer, Long> offsetFields = new HashMap<>();
    /** dumpId → where its data block starts. */
    private final Map<Integer, Long> blocks = new HashMap<>();

    private CustomArchiveSpool(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /**
     * Copies {@code in} to its end into {@code file} (which must exist, e.g. created 0600) and
     * fills in the data positions.
     *
     * @return the number of data positions filled in; 0 if the archive was not understood (the file
     *         is then a plain copy)
     * @throws IOException reading {@code in} or writing {@code file} failed
     */
    static int spool(InputStream in, Path file) throws IOException {
        CustomArchiveSpool s;
        boolean understood;
        try (OutputStream out =
                Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            s = new CustomArchiveSpool(in, out);
            understood = s.parse();
            s.drain();
        }
        return understood ? s.writeOffsets(file) : 0;
    }

    /** Walks header, table of contents and data blocks; false as soon as something is not understood. */
    private boolean parse() throws IOException {
        try {
            byte[] magic = new byte[5];
            for (int i = 0; i < magic.length; i++) {
                magic[i] = (byte) readByte();
            }
            int major = readByte();
            int minor = readByte();
            readByte(); // revision
            if (!"PGDMP".equals(new String(magic, StandardCharsets.US_ASCII))
                    || major != 1
                    || minor < MIN_VERSION
                    || minor > MAX_VERSION) {
                return false;
            }
            version = minor;
            intSize = readByte();
            offSize = readByte();
            int format = readByte();
            if (intSize < 1 || intSize > 8 || offSize < 1 || offSize > 8 || format != 1) {
                return false;
            }
            if (version >= 15) {
                readByte(); // compression algorithm
            } else {
                readInt(); // compression level
            }
            for (int i = 0; i < 7; i++) {
                readInt(); // creation time: sec, min, hour, mday, mon, year, isdst
            }
            for (int i = 0; i < 3; i++) {
                skipString(); // database name, server version, pg_dump version
            }
            readToc();
            readDataBlocks();
            return true;
        } catch (NotUnderstood e) {
            return false;
        }
    }

    private void readToc() throws IOException {
        int entries = readInt();
        for (int i = 0; i < entries; i++) {
            int dumpId = readInt();
            readInt(); // had a data dumper
            for (int s = 0; s < 4; s++) {
                skipString(); // table oid, oid, tag, desc
            }
            readInt(); // section
            for (int s = 0; s < 5; s++) {
                skipString(); // defn, drop statement, copy statement, namespace, tablespace
            }
            if (version >= 14) {
                skipString(); // table access method
            }
            if (version >= 16) {
                readInt(); // relkind
            }
            skipString(); // owner
            skipString(); // "false": with oids
            while (skipString()) {
                // dependencies, up to a null string
            }
            long field = position();
            int flag = readByte();
            for (int b = 0; b < offSize; b++) {
                readByte();
            }
            if (flag == OFFSET_NOT_SET) {
                offsetFields.put(dumpId, field);
            }
        }
    }

    private void readDataBlocks() throws IOException {
        while (true) {
            long start = position();
            int type = readByteOrEnd();
            if (type < 0) {
                return;
            }
            int dumpId = readInt();
            blocks.put(dumpId, start);
            if (type == BLOCK_DATA) {
                skipChunks();
            } else if (type == BLOCK_LARGE_OBJECTS) {
                while (readInt() != 0) { // the next large object's oid, 0 ends the block
                    skipChunks();
                }
            } else {
                throw new NotUnderstood();
            }
        }
    }

    /** Skips length-prefixed chunks up to the zero length that ends them. */
    private void skipChunks() throws IOException {
        for (int len = readInt(); len != 0; len = readInt()) {
            if (len < 0) {
                throw new NotUnderstood();
            }
            skip(len);
        }
    }

    private int writeOffsets(Path file) throws IOException {
        int written = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer field = ByteBuffer.allocate(1 + offSize);
            for (Map.Entry<Integer, Long> e : offsetFields.entrySet()) {
                Long block = blocks.get(e.getKey());
                if (block == null) {
                    continue; // pg_dump announced data it did not write: leave "not set"
                }
                field.clear();
                field.put((byte) OFFSET_SET);
                long v = block;
                for (int b = 0; b < offSize; b++) {
                    field.put((byte) v);
                    v >>>= 8;
                }
                field.flip();
                while (field.hasRemaining()) {
                    ch.write(field, e.getValue() + field.position());
                }
                written++;
            }
        }
        return written;
    }

    // --- reading: every byte loaded into the buffer is written to the file at once ---

    private long position() {
        return base + pos;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        base += limit;
        pos = 0;
        limit = 0;
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            eof = true;
            return false;
        }
        out.write(buf, 0, n);
        limit = n;
        return true;
    }

    /** Copies the rest of the stream, understood or not. */
    private void drain() throws IOException {
        pos = limit;
        while (fill()) {
            pos = limit;
        }
    }

    private int readByteOrEnd() throws IOException {
        while (pos == limit) {
            if (!fill()) {
                return -1;
            }
        }
        return buf[pos++] & 0xff;
    }

    private int readByte() throws IOException {
        int b = readByteOrEnd();
        if (b < 0) {
            throw new NotUnderstood(); // ends early: pg_restore will say so
        }
        return b;
    }

    /** pg_dump's ReadInt: a sign byte, then intSize bytes, least significant first. */
    private int readInt() throws IOException {
        int sign = readByte();
        long v = 0;
        for (int b = 0; b < intSize; b++) {
            v |= (long) readByte() << (8 * b);
        }
        if (v > Integer.MAX_VALUE) {
            throw new NotUnderstood();
        }
        return sign != 0 ? (int) -v : (int) v;
    }

    /** Skips a string (length, then bytes); false for the null string (negative length). */
    private boolean skipString() throws IOException {
        int len = readInt();
        if (len < 0) {
            return false;
        }
        skip(len);
        return true;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == limit && !fill()) {
                throw new NotUnderstood(); // ends early: pg_restore will say so
            }
            int step = (int) Math.min(n, limit - pos);
            pos += step;
            n -= step;
        }
    }

    /** Something this reader does not know; the file stays a plain copy. */
    private static final class NotUnderstood extends IOException {
        NotUnderstood() {
            super("archive layout not understood", null);
        }
    }
}
