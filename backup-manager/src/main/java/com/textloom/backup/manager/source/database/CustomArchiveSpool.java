package com.textloom.backup.manager.source.database;

import java.io.BufferedOutputStream;
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
 * Copies a {@code pg_dump --format=custom} archive from a stream to a file, joining each table's small data chunks
 * into chunks of up to {@value #JOINED_CHUNK} bytes, and then writes the position of every data block into the
 * archive's table of contents, as {@code pg_dump} itself does when its output is a seekable file.
 *
 * <p>Why the positions: {@code pg_dump} writing to a pipe (as {@link PostgresSource} does, to stream into the
 * repository) cannot go back to record where each table's data starts, so the table of contents says "position not
 * set". {@code pg_restore --jobs} then makes each worker scan the archive from the start to find its table, chunk by
 * chunk; with an uncompressed dump that made a parallel restore of a 5-million-row database a third slower than
 * restoring the same data from a file {@code pg_dump} wrote itself. With the positions filled in, workers seek
 * directly.
 *
 * <p>Why the joined chunks: an uncompressed ({@code -Z0}) dump holds one chunk per row, and {@code pg_restore} sends
 * every chunk to the server as a message of its own ({@code PQputCopyData}): 5 million rows are 5 million COPY
 * messages, where the zlib-compressed dump {@code pg_dump} writes by default hands the server 4 KiB pieces cut
 * anywhere in the rows. {@code pg_restore} concatenates a data block's chunks in order whatever their sizes (that is
 * how it reads every compressed archive), so joining consecutive chunks changes nothing of what is restored. Chunks
 * of large objects are copied as they are, and so are all chunks of an archive in which some data position is
 * already set (one {@code pg_dump} wrote into a file): moving its blocks would make those positions wrong.
 *
 * <p>Guarantees: the file receives the stream's header and table of contents unchanged, and every data block's
 * bytes in the same order; only chunk boundaries inside the data blocks of tables move. When the whole archive was
 * understood (versions 1.12 to 1.16 of the format: PostgreSQL 9.0 to 17), each table-of-contents entry whose data
 * position was "not set" and whose data block was found gets "set" and that block's position in the file, exactly
 * the fields {@code pg_dump} rewrites. From the first byte not understood on, the rest is copied unchanged and no
 * position is filled in: {@code pg_restore} reads such a file as before, only slower, and reports what is wrong with
 * it (a truncated archive stays truncated). Memory: two 64 KiB buffers and one position per table-of-contents entry.
 */
final class CustomArchiveSpool {
    /** The largest chunk made by joining; chunks at least this large are copied as they are. */
    static final int JOINED_CHUNK = 1 << 16;

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
    private boolean eof;
    /** Bytes written to the file so far. */
    private long written;
    /** Whether the bytes read are copied to the file as they are read; off while a data chunk is taken apart. */
    private boolean echo = true;

    private int version;
    private int intSize;
    private int offSize;

    /** Joined chunk payload not yet written. */
    private final byte[] joined = new byte[JOINED_CHUNK];

    private int joinedLength;
    /**
     * Whether an entry's data position is already set (an archive pg_dump wrote into a file): joining chunks would
     * move the blocks it points at, so its chunks are copied as they are.
     */
    private boolean positionsSet;

    /** The raw bytes of the length of the chunk being read while {@link #echo} is off. */
    private final byte[] heldLength = new byte[9];

    private int heldLengthSize;
    /** dumpId → where its offset field (flag byte, then offSize bytes) is. */
    private final Map<Integer, Long> offsetFields = new HashMap<>();
    /** dumpId → where its data block starts in the file. */
    private final Map<Integer, Long> blocks = new HashMap<>();

    private CustomArchiveSpool(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /**
     * Copies {@code in} to its end into {@code file} (which must exist, e.g. created 0600), joining small data chunks,
     * and fills in the data positions.
     *
     * @return the number of data positions filled in; 0 if the archive was not understood (the file then holds the
     *         stream's bytes, chunks joined only before the first byte not understood)
     * @throws IOException reading {@code in} or writing {@code file} failed
     */
    static int spool(InputStream in, Path file) throws IOException {
        CustomArchiveSpool s;
        boolean understood;
        try (OutputStream out = new BufferedOutputStream(
                Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), 1 << 16)) {
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
            long field = written;
            int flag = readByte();
            for (int b = 0; b < offSize; b++) {
                readByte();
            }
            if (flag == OFFSET_NOT_SET) {
                offsetFields.put(dumpId, field);
            } else if (flag == OFFSET_SET) {
                positionsSet = true;
            }
        }
    }

    private void readDataBlocks() throws IOException {
        while (true) {
            long start = written;
            int type = readByteOrEnd();
            if (type < 0) {
                return;
            }
            int dumpId = readInt();
            blocks.put(dumpId, start);
            if (type == BLOCK_DATA && !positionsSet) {
                joinChunks();
            } else if (type == BLOCK_DATA) {
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

    /** Skips length-prefixed chunks up to the zero length that ends them, copying them as they are. */
    private void skipChunks() throws IOException {
        for (int len = readInt(); len != 0; len = readInt()) {
            if (len < 0) {
                throw new NotUnderstood();
            }
            skip(len);
        }
    }

    /**
     * Copies length-prefixed chunks up to the zero length that ends them, consecutive ones smaller than
     * {@value #JOINED_CHUNK} joined. What was read and not yet written when something is not understood (a chunk cut
     * short by the end of the stream, a negative length) is written as it was read before giving up.
     */
    private void joinChunks() throws IOException {
        echo = false;
        try {
            while (true) {
                heldLengthSize = 0;
                int len = readInt();
                if (len == 0 || len < 0 || len > JOINED_CHUNK - joinedLength) {
                    writeJoined();
                }
                if (len == 0) {
                    writeHeldLength();
                    return;
                }
                if (len < 0) {
                    throw new NotUnderstood();
                }
                if (len >= JOINED_CHUNK) {
                    writeHeldLength();
                    echo = true;
                    skip(len);
                    echo = false;
                    continue;
                }
                int at = joinedLength;
                int got = readFully(joined, at, len);
                if (got < len) {
                    writeJoined(); // the whole chunks before this one
                    writeHeldLength();
                    out.write(joined, at, got); // writeJoined leaves the array as it is
                    written += got;
                    throw new NotUnderstood(); // ends early: pg_restore will say so
                }
                joinedLength = at + len;
            }
        } catch (NotUnderstood e) {
            writeJoined();
            writeHeldLength();
            throw e;
        } finally {
            echo = true;
        }
    }

    /** Writes the joined payload as one chunk (pg_dump's WriteInt length, then the bytes). */
    private void writeJoined() throws IOException {
        if (joinedLength == 0) {
            return;
        }
        out.write(0); // sign: not negative
        long v = joinedLength;
        for (int b = 0; b < intSize; b++) {
            out.write((int) (v & 0xff));
            v >>>= 8;
        }
        out.write(joined, 0, joinedLength);
        written += 1 + intSize + joinedLength;
        joinedLength = 0;
    }

    private void writeHeldLength() throws IOException {
        out.write(heldLength, 0, heldLengthSize);
        written += heldLengthSize;
        heldLengthSize = 0;
    }

    private int writeOffsets(Path file) throws IOException {
        int filled = 0;
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
                filled++;
            }
        }
        return filled;
    }

    // --- reading: with echo on, every byte read is written to the file as it is read ---

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        pos = 0;
        limit = 0;
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit = n;
        return true;
    }

    /** Copies the rest of the stream, understood or not. */
    private void drain() throws IOException {
        echo = true;
        if (pos < limit) {
            out.write(buf, pos, limit - pos);
            written += limit - pos;
            pos = limit;
        }
        while (fill()) {
            out.write(buf, 0, limit);
            written += limit;
            pos = limit;
        }
    }

    private int readByteOrEnd() throws IOException {
        while (pos == limit) {
            if (!fill()) {
                return -1;
            }
        }
        int b = buf[pos++] & 0xff;
        if (echo) {
            out.write(b);
            written++;
        } else if (heldLengthSize < heldLength.length) {
            heldLength[heldLengthSize++] = (byte) b;
        }
        return b;
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

    /** Reads up to {@code n} bytes into {@code dst} without writing them; fewer only at the end of the stream. */
    private int readFully(byte[] dst, int off, int n) throws IOException {
        int got = 0;
        while (got < n) {
            if (pos == limit && !fill()) {
                break;
            }
            int step = Math.min(n - got, limit - pos);
            System.arraycopy(buf, pos, dst, off + got, step);
            pos += step;
            got += step;
        }
        return got;
    }

    /** Skips {@code n} bytes, written to the file as they are (echo is on wherever this is called). */
    private void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == limit && !fill()) {
                throw new NotUnderstood(); // ends early: pg_restore will say so
            }
            int step = (int) Math.min(n, limit - pos);
            out.write(buf, pos, step);
            written += step;
            pos += step;
            n -= step;
        }
    }

    /** Something this reader does not know; the rest of the stream is copied unchanged. */
    private static final class NotUnderstood extends IOException {
        NotUnderstood() {
            super("archive layout not understood", null);
        }
    }
}
