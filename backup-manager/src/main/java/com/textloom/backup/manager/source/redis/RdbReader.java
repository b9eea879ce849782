package com.textloom.backup.manager.source.redis;

import com.textloom.backup.support.redis.RdbVersions;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads an RDB stream key by key, finding where each value starts and ends without building the
 * value: each key's value arrives as the exact bytes Redis wrote for it, which (with the type byte,
 * the RDB version and a CRC-64) is the payload {@code RESTORE} accepts.
 *
 * <p>Handles the RDB of Redis up to 7.4 and 8.0 (versions 1–12): strings (raw, integer, LZF), lists (linked,
 * ziplist, quicklist, quicklist 2 with plain and packed nodes), sets (plain, intset, listpack), sorted
 * sets (plain, zset 2, ziplist, listpack), hashes (plain, zipmap, ziplist, listpack, and since RDB 12 the
 * hashes with field expiry: metadata and listpack-ex, their 7.4 release-candidate forms too), streams (all
 * three layouts), expiry (seconds and milliseconds), functions, and the aux / resize / idle / freq / slot-info
 * opcodes. A newer version (13 and up: later Redis 8 releases) is refused naming it, before any key is read. Module values cannot be delimited without the module and are refused with a clear error.
 * The file checksum is verified when the server wrote one.
 *
 * <p>Memory: one key's value at a time.
 */
public final class RdbReader {
    static final int T_STRING = 0,
            T_LIST = 1,
            T_SET = 2,
            T_ZSET = 3,
            T_HASH = 4,
            T_ZSET_2 = 5,
            T_MODULE = 6,
            T_MODULE_2 = 7,
            T_HASH_ZIPMAP = 9,
            T_LIST_ZIPLIST = 10,
            T_SET_INTSET = 11,
            T_ZSET_ZIPLIST = 12,
            T_HASH_ZIPLIST = 13,
            T_LIST_QUICKLIST = 14,
            T_STREAM_LISTPACKS = 15,
            T_HASH_LISTPACK = 16,
            T_ZSET_LISTPACK = 17,
            T_LIST_QUICKLIST_2 = 18,
            T_STREAM_LISTPACKS_2 = 19,
            T_SET_LISTPACK = 20,
            T_STREAM_LISTPACKS_3 = 21,
            T_HASH_METADATA_PRE_GA = 22,
            T_HASH_LISTPACK_EX_PRE_GA = 23,
            T_HASH_METADATA = 24,
            T_HASH_LISTPACK_EX = 25;
    /** The newest RDB version read: 12, written by Redis 7.4 and 8.0. */
    static final int MAX_VERSION = 12;

    private static final int OP_SLOT_INFO = 244,
            OP_FUNCTION2 = 245,
            OP_FUNCTION = 246,
            OP_MODULE_AUX = 247,
            OP_IDLE = 248,
            OP_FREQ = 249,
            OP_AUX = 250,
            OP_RESIZEDB = 251,
            OP_EXPIRETIME_MS = 252,
            OP_EXPIRETIME = 253,
            OP_SELECTDB = 254,
            OP_EOF = 255;

    /** Receives what the reader finds. */
    public interface Handler {
        /**
         * One key.
         *
         * @param expireAtMs absolute expiry in Unix milliseconds, or -1 when the key does not expire
         * @param type       the RDB type byte of the value
         * @param value      the value's bytes exactly as in the RDB (without the type byte)
         */
        void onKey(int db, byte[] key, long expireAtMs, int type, byte[] value) throws IOException;

        /** A function library (Redis 7 functions), given as its source code. */
        default void onFunction(byte[] code) throws IOException {}
    }

    private static final int BUFFER = 1 << 16;
    private static final int KEEP_RECORDING_BUFFER = 1 << 20;

    /** The source, or null for a reader over one value's bytes. */
    private final InputStream in;
    /** Checksum of what was consumed; null for a value reader. */
    private final Crc64 crc;

    private byte[] buf;
    private int pos;
    private int limit;
    /** buf[crcFrom, pos) is consumed but not yet in the checksum. */
    private int crcFrom;

    private boolean recording;
    /** buf[recordFrom, pos) is consumed but not yet in the recording. */
    private int recordFrom;

    private byte[] recorded = new byte[256];
    private int recordedLength;
    private int version;

    public RdbReader(InputStream in) {
        this.in = in;
        this.crc = new Crc64();
        this.buf = new byte[BUFFER];
    }

    private RdbReader(byte[] value, int off, int len) {
        this.in = null;
        this.crc = null;
        this.buf = value;
        this.pos = off;
        this.limit = off + len;
    }

    /** A reader over one value's bytes, to decode them with the same primitives (no copy, no checksum). */
    static RdbReader forValue(byte[] value) {
        return new RdbReader(value, 0, value.length);
    }

    /** A reader over {@code value[off, off + len)}, as {@link #forValue(byte[])}. */
    static RdbReader forValue(byte[] value, int off, int len) {
        return new RdbReader(value, off, len);
    }

    /**
     * Feeds the decoded bytes of the next RDB string to {@code md}, as {@code md.update(string())} does; a reader over
     * one value ({@link #forValue}) passes a plain string's bytes without copying them.
     */
    void digestString(java.security.MessageDigest md) throws IOException {
        if (in == null && pos < limit && (buf[pos] & 0xc0) >> 6 != 3) {
            int start = pos;
            long len = rawStringLength();
            if (len > limit - pos) {
                pos = start;
                md.update(string()); // fails as string() does on a truncated value
                return;
            }
            md.update(buf, pos, (int) len);
            pos += (int) len;
            return;
        }
        md.update(string());
    }

    /** The length of a plain (not integer-encoded, not LZF) RDB string, consuming its length prefix. */
    private long rawStringLength() throws IOException {
        return rawLength(u8());
    }

    /** The length a plain RDB string's first byte {@code b} (of kind 0, 1 or 2) starts, consuming the rest of it. */
    private long rawLength(int b) throws IOException {
        int kind = (b & 0xc0) >> 6;
        return switch (kind) {
            case 0 -> b & 0x3f;
            case 1 -> ((b & 0x3f) << 8) | u8();
            default -> {
                if (b == 0x80) {
                    yield le32be(bytes(4)) & 0xffffffffL;
                }
                byte[] v = bytes(8);
                long r = 0;
                for (byte x : v) {
                    r = (r << 8) | (x & 0xff);
                }
                yield r;
            }
        };
    }

    /** The oldest Redis release that writes RDB version {@code version} (the shared table, {@link RdbVersions}). */
    static String writtenBy(int version) {
        return RdbVersions.writtenBy(version);
    }

    /** The RDB version from the header (10 for Redis 7.0); valid after {@link #read} began. */
    public int version() {
        return version;
    }

    /** Reads the whole stream, calling the handler for every key, and checks the trailing checksum. */
    public void read(Handler handler) throws IOException {
        byte[] magic = bytes(9);
        String head = new String(magic, StandardCharsets.US_ASCII);
        if (!head.startsWith("REDIS")) {
            throw new RdbFormatException("not an RDB stream (no REDIS header)");
        }
        version = Integer.parseInt(head.substring(5));
        if (version < 1 || version > MAX_VERSION) {
            throw new RdbFormatException("RDB version " + version + " is not supported (1.." + MAX_VERSION
                    + " are: Redis up to 7.4 and 8.0)");
        }
        int db = 0;
        long expire = -1;
        while (true) {
            int op = u8();
            switch (op) {
                case OP_EOF -> {
                    long computed = checksum();
                    if (version >= 5) {
                        byte[] sum = bytes(8);
                        long expected = le64(sum, 0);
                        if (expected != 0 && expected != computed) {
                            throw new RdbFormatException("RDB checksum mismatch: the stream is corrupt");
                        }
                    }
                    return;
                }
                case OP_SELECTDB -> db = (int) length();
                case OP_RESIZEDB -> {
                    length();
                    length();
                }
                case OP_AUX -> {
                    string();
                    string();
                }
                case OP_EXPIRETIME_MS -> expire = le64(bytes(8), 0);
                case OP_EXPIRETIME -> expire = (le32(bytes(4), 0) & 0xffffffffL) * 1000L;
                case OP_SLOT_INFO -> {
                    length(); // slot id
                    length(); // keys in the slot
                    length(); // keys with an expiry in the slot
                }
                case OP_IDLE -> length();
                case OP_FREQ -> u8();
                case OP_FUNCTION2 -> handler.onFunction(string());
                case OP_FUNCTION ->
                    throw new RdbFormatException("pre-release Redis 7.0 function records are not supported");
                case OP_MODULE_AUX ->
                    throw new RdbFormatException("module auxiliary data is not supported (a Redis module is loaded)");
                default -> {
                    byte[] key = string();
                    startRecording();
                    skipValue(op);
                    handler.onKey(db, key, expire, op, stopRecording());
                    expire = -1;
                }
            }
        }
    }

    private void skipValue(int type) throws IOException {
        switch (type) {
            case T_STRING,
                    T_HASH_ZIPMAP,
                    T_LIST_ZIPLIST,
                    T_SET_INTSET,
                    T_ZSET_ZIPLIST,
                    T_HASH_ZIPLIST,
                    T_HASH_LISTPACK,
                    T_ZSET_LISTPACK,
                    T_SET_LISTPACK,
                    T_HASH_LISTPACK_EX_PRE_GA -> skipString();
            case T_HASH_LISTPACK_EX -> {
                skip(8); // the hash's next field expiry (ms)
                skipString();
            }
            case T_HASH_METADATA_PRE_GA, T_HASH_METADATA -> {
                if (type == T_HASH_METADATA) {
                    skip(8); // the hash's next field expiry (ms), the base of the fields' relative ones
                }
                for (long n = length(); n > 0; n--) {
                    length(); // the field's expiry
                    skipString();
                    skipString();
                }
            }
            case T_LIST, T_SET -> {
                for (long n = length(); n > 0; n--) {
                    skipString();
                }
            }
            case T_ZSET -> {
                for (long n = length(); n > 0; n--) {
                    skipString();
                    int l = u8();
                    if (l < 253) {
                        skip(l);
                    }
                }
            }
            case T_ZSET_2 -> {
                for (long n = length(); n > 0; n--) {
                    skipString();
                    skip(8);
                }
            }
            case T_HASH -> {
                for (long n = length(); n > 0; n--) {
                    skipString();
                    skipString();
                }
            }
            case T_LIST_QUICKLIST -> {
                for (long n = length(); n > 0; n--) {
                    skipString();
                }
            }
            case T_LIST_QUICKLIST_2 -> {
                for (long n = length(); n > 0; n--) {
                    length(); // container: plain or packed
                    skipString();
                }
            }
            case T_STREAM_LISTPACKS, T_STREAM_LISTPACKS_2, T_STREAM_LISTPACKS_3 -> skipStream(type);
            case T_MODULE, T_MODULE_2 ->
                throw new RdbFormatException("a key holds a Redis module type, which cannot be backed up key by key");
            default -> throw new RdbFormatException("unknown RDB value type " + type);
        }
    }

    private void skipStream(int type) throws IOException {
        for (long n = length(); n > 0; n--) {
            skipString(); // master id
            skipString(); // listpack
        }
        length(); // items
        length(); // last id ms
        length(); // last id seq
        if (type >= T_STREAM_LISTPACKS_2) {
            length();
            length(); // first id
            length();
            length(); // max deleted id
            length(); // entries added
        }
        for (long groups = length(); groups > 0; groups--) {
            skipString(); // name
            length();
            length(); // last delivered id
            if (type >= T_STREAM_LISTPACKS_2) {
                length(); // entries read
            }
            for (long pel = length(); pel > 0; pel--) {
                skip(16); // id
                skip(8); // delivery time
                length(); // delivery count
            }
            for (long consumers = length(); consumers > 0; consumers--) {
                skipString(); // name
                skip(8); // seen time
                if (type >= T_STREAM_LISTPACKS_3) {
                    skip(8); // active time
                }
                for (long pel = length(); pel > 0; pel--) {
                    skip(16);
                }
            }
        }
    }

    /** Reads an RDB length; string encodings are rejected here. */
    long length() throws IOException {
        int b = u8();
        int kind = (b & 0xc0) >> 6;
        return switch (kind) {
            case 0 -> b & 0x3f;
            case 1 -> ((b & 0x3f) << 8) | u8();
            case 2 -> {
                if (b == 0x80) {
                    yield le32be(bytes(4)) & 0xffffffffL;
                } else if (b == 0x81) {
                    byte[] v = bytes(8);
                    long r = 0;
                    for (byte x : v) {
                        r = (r << 8) | (x & 0xff);
                    }
                    yield r;
                }
                throw new RdbFormatException("bad length encoding " + b);
            }
            default -> throw new RdbFormatException("unexpected string encoding where a length was expected");
        };
    }

    /** Reads an RDB string (raw, integer-encoded or LZF), returning its decoded bytes. */
    byte[] string() throws IOException {
        int b = u8();
        int kind = (b & 0xc0) >> 6;
        if (kind == 3) {
            int enc = b & 0x3f;
            return switch (enc) {
                case 0 -> Long.toString(bytes(1)[0]).getBytes(StandardCharsets.US_ASCII);
                case 1 -> {
                    byte[] v = bytes(2);
                    yield Long.toString((short) ((v[0] & 0xff) | (v[1] << 8))).getBytes(StandardCharsets.US_ASCII);
                }
                case 2 -> Long.toString(le32(bytes(4), 0)).getBytes(StandardCharsets.US_ASCII);
                case 3 -> {
                    int clen = (int) length();
                    int len = (int) length();
                    yield Lzf.decompress(bytes(clen), len);
                }
                default -> throw new RdbFormatException("unknown string encoding " + enc);
            };
        }
        long len = rawLength(b);
        if (len > Integer.MAX_VALUE - 16) {
            throw new RdbFormatException("a string of " + len + " bytes is too large");
        }
        return bytes((int) len);
    }

    /** Skips an RDB string without decoding it (the value is recorded, not built). */
    private void skipString() throws IOException {
        int b = u8();
        int kind = (b & 0xc0) >> 6;
        if (kind == 3) {
            switch (b & 0x3f) {
                case 0 -> skip(1);
                case 1 -> skip(2);
                case 2 -> skip(4);
                case 3 -> {
                    long clen = length();
                    length();
                    skip(clen);
                }
                default -> throw new RdbFormatException("unknown string encoding " + (b & 0x3f));
            }
            return;
        }
        skip(rawLength(b));
    }

    int u8() throws IOException {
        if (pos == limit && !fill()) {
            throw new EOFException("the RDB stream ends in the middle of a record");
        }
        return buf[pos++] & 0xff;
    }

    byte[] bytes(int n) throws IOException {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            if (pos == limit && !fill()) {
                throw new EOFException("the RDB stream ends in the middle of a record");
            }
            int step = Math.min(n - done, limit - pos);
            System.arraycopy(buf, pos, out, done, step);
            pos += step;
            done += step;
        }
        return out;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == limit && !fill()) {
                throw new EOFException("the RDB stream ends in the middle of a record");
            }
            int step = (int) Math.min(n, limit - pos);
            pos += step;
            n -= step;
        }
    }

    /** Refills the buffer once every byte in it was consumed; false at the end of the input. */
    private boolean fill() throws IOException {
        if (in == null) {
            return false;
        }
        account();
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        pos = 0;
        limit = Math.max(n, 0);
        crcFrom = 0;
        recordFrom = 0;
        return n > 0;
    }

    /** Adds the consumed bytes to the checksum and, while recording, to the recording. */
    private void account() {
        if (crc != null) {
            crc.update(buf, crcFrom, pos - crcFrom);
            crcFrom = pos;
        }
        if (recording) {
            int n = pos - recordFrom;
            if (recordedLength + n > recorded.length) {
                recorded = Arrays.copyOf(recorded, Math.max(recordedLength + n, 2 * recorded.length));
            }
            System.arraycopy(buf, recordFrom, recorded, recordedLength, n);
            recordedLength += n;
            recordFrom = pos;
        }
    }

    /** The checksum of everything consumed so far. */
    private long checksum() {
        account();
        return crc.value();
    }

    private void startRecording() {
        recording = true;
        recordFrom = pos;
        recordedLength = 0;
    }

    /** The bytes consumed since {@link #startRecording}. */
    private byte[] stopRecording() {
        account();
        recording = false;
        byte[] value = Arrays.copyOf(recorded, recordedLength);
        if (recorded.length > KEEP_RECORDING_BUFFER) {
            recorded = new byte[256]; // a huge value passed: do not keep its buffer
        }
        return value;
    }

    static long le64(byte[] b, int off) {
        long r = 0;
        for (int i = 7; i >= 0; i--) {
            r = (r << 8) | (b[off + i] & 0xff);
        }
        return r;
    }

    static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    private static int le32be(byte[] b) {
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }
}
