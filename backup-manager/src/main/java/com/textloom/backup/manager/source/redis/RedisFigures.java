package com.textloom.backup.manager.source.redis;

import static com.textloom.backup.manager.source.redis.RdbReader.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures that prove a Redis restore, computed from an RDB stream: per db the key count, the
 * count of keys with a TTL, and a digest over every key's name, type, value and absolute expiry.
 *
 * <p>The digest does not depend on how Redis happened to encode a value: elements are decoded from
 * listpacks, ziplists and intsets to what a client would read; sets and hashes (whose order Redis
 * does not keep) are summed order-independently, lists are hashed in order, scores compared as
 * doubles. Streams are hashed on their serialized form, which {@code RESTORE} keeps as it is. Keys
 * are summed order-independently too, so the same dataset gives the same digest whatever order the
 * server iterates in. Figure names: {@code db.<n>.keys}, {@code db.<n>.expires}, {@code db.<n>.digest},
 * {@code functions.count}.
 */
public final class RedisFigures implements RdbReader.Handler {
    private final Map<Integer, long[]> counts = new TreeMap<>();
    private final Map<Integer, Sum128> digests = new HashMap<>();
    private int functions;
    // reused for every key (a handler is used by one thread): the key's hash, its value's, its elements'
    private final MessageDigest keyHash = sha256();
    private final MessageDigest valueHash = sha256();
    private final MessageDigest elementHash = sha256();
    private final byte[] scratch = new byte[12];
    private final byte[] keyOut = new byte[32];
    private final byte[] valueOut = new byte[32];
    /** An element's hash, added to a {@link Sum128} at once (the methods that return it reuse it). */
    private final byte[] elementOut = new byte[32];

    @Override
    public void onKey(int db, byte[] key, long expireAtMs, int type, byte[] value) throws IOException {
        add(db, key, expireAtMs, type, value, 0, value.length);
    }

    /**
     * One key as {@code DUMP} gives it: the type byte, the value's RDB bytes, the RDB version (2 bytes) and a CRC-64
     * (8 bytes, not checked: the value's bytes are what the figures hash).
     */
    void onDump(int db, byte[] key, long expireAtMs, byte[] dump) throws IOException {
        if (dump.length <= 1 + 10) {
            throw new RdbFormatException("a DUMP payload of " + dump.length + " bytes is too short");
        }
        add(db, key, expireAtMs, dump[0] & 0xff, dump, 1, dump.length - 1 - 10);
    }

    /** A string key as {@code GET} gives it: its bytes, as an RDB string of them decodes to (integer, LZF or raw). */
    void onString(int db, byte[] key, long expireAtMs, byte[] value) {
        valueHash.update(value);
        digest(valueHash, valueOut);
        add(db, key, expireAtMs, FAMILIES[T_STRING], valueOut);
    }

    private void add(int db, byte[] key, long expireAtMs, int type, byte[] value, int off, int len) throws IOException {
        byte[] family = familyBytes(type);
        add(db, key, expireAtMs, family, valueDigest(type, value, off, len));
    }

    private void add(int db, byte[] key, long expireAtMs, byte[] family, byte[] valueDigest) {
        long[] c = counts.computeIfAbsent(db, d -> new long[2]);
        c[0]++;
        if (expireAtMs >= 0) {
            c[1]++;
        }
        MessageDigest md = keyHash;
        md.update(family);
        putInt(scratch, 0, key.length);
        putLong(scratch, 4, expireAtMs);
        md.update(scratch, 0, 12);
        md.update(key);
        md.update(valueDigest);
        digest(md, keyOut);
        digests.computeIfAbsent(db, d -> new Sum128()).add(keyOut);
    }

    private static void digest(MessageDigest md, byte[] out) {
        try {
            md.digest(out, 0, out.length);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #family} as bytes, by type. */
    private static final byte[][] FAMILIES = new byte[256][];

    static {
        for (int t = 0; t < FAMILIES.length; t++) {
            try {
                FAMILIES[t] = family(t).getBytes(StandardCharsets.US_ASCII);
            } catch (RdbFormatException e) {
                // not a value type
            }
        }
    }

    private static byte[] familyBytes(int type) throws RdbFormatException {
        byte[] f = type >= 0 && type < FAMILIES.length ? FAMILIES[type] : null;
        return f != null ? f : family(type).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void onFunction(byte[] code) {
        functions++;
    }

    /** The figures of every db seen, keyed as described in the class comment. */
    public Map<String, String> figures() {
        Map<String, String> out = new TreeMap<>();
        counts.forEach((db, c) -> {
            out.put("db." + db + ".keys", Long.toString(c[0]));
            out.put("db." + db + ".expires", Long.toString(c[1]));
            out.put("db." + db + ".digest", digests.get(db).hex());
        });
        out.put("functions.count", Integer.toString(functions));
        return out;
    }

    static String family(int type) throws RdbFormatException {
        return switch (type) {
            case T_STRING -> "string";
            case T_LIST, T_LIST_ZIPLIST, T_LIST_QUICKLIST, T_LIST_QUICKLIST_2 -> "list";
            case T_SET, T_SET_INTSET, T_SET_LISTPACK -> "set";
            case T_ZSET, T_ZSET_2, T_ZSET_ZIPLIST, T_ZSET_LISTPACK -> "zset";
            case T_HASH,
                    T_HASH_ZIPMAP,
                    T_HASH_ZIPLIST,
                    T_HASH_LISTPACK,
                    T_HASH_METADATA_PRE_GA,
                    T_HASH_METADATA,
                    T_HASH_LISTPACK_EX_PRE_GA,
                    T_HASH_LISTPACK_EX -> "hash";
            case T_STREAM_LISTPACKS, T_STREAM_LISTPACKS_2, T_STREAM_LISTPACKS_3 -> "stream";
            default -> throw new RdbFormatException("unknown RDB value type " + type);
        };
    }

    private byte[] valueDigest(int type, byte[] value, int off, int len) throws IOException {
        RdbReader r = RdbReader.forValue(value, off, len);
        switch (type) {
            case T_STRING:
                r.digestString(valueHash);
                digest(valueHash, valueOut);
                return valueOut;
            case T_LIST: {
                MessageDigest md = valueHash;
                for (long n = r.length(); n > 0; n--) {
                    ordered(md, r.string());
                }
                return md.digest();
            }
            case T_LIST_ZIPLIST:
                return orderedAll(valueHash, PackedLists.ziplist(r.string())).digest();
            case T_LIST_QUICKLIST: {
                MessageDigest md = valueHash;
                for (long n = r.length(); n > 0; n--) {
                    orderedAll(md, PackedLists.ziplist(r.string()));
                }
                return md.digest();
            }
            case T_LIST_QUICKLIST_2: {
                MessageDigest md = valueHash;
                for (long n = r.length(); n > 0; n--) {
                    long container = r.length();
                    byte[] node = r.string();
                    if (container == 1) {
                        ordered(md, node);
                    } else {
                        orderedAll(md, PackedLists.listpack(node));
                    }
                }
                return md.digest();
            }
            case T_SET: {
                Sum128 s = new Sum128();
                for (long n = r.length(); n > 0; n--) {
                    r.digestString(elementHash);
                    digest(elementHash, elementOut);
                    s.add(elementOut);
                }
                return s.bytes();
            }
            case T_SET_INTSET:
                return unordered(PackedLists.intset(r.string()));
            case T_SET_LISTPACK:
                return unordered(PackedLists.listpack(r.string()));
            case T_HASH: {
                Sum128 s = new Sum128();
                for (long n = r.length(); n > 0; n--) {
                    s.add(pair(r.string(), r.string()));
                }
                return s.bytes();
            }
            case T_HASH_ZIPLIST:
                return pairs(PackedLists.ziplist(r.string()), false);
            case T_HASH_LISTPACK:
                return pairs(PackedLists.listpack(r.string()), false);
            case T_HASH_METADATA_PRE_GA, T_HASH_METADATA: {
                // field expiries: 0 none; else absolute ms (7.4 RC), or relative to the next expiry + 1 (RDB 12)
                long base = type == T_HASH_METADATA ? le64(r.bytes(8), 0) : 0;
                Sum128 s = new Sum128();
                for (long n = r.length(); n > 0; n--) {
                    long ttl = r.length();
                    long expireAt = ttl == 0 ? 0 : type == T_HASH_METADATA ? ttl + base - 1 : ttl;
                    s.add(expiringPair(r.string(), r.string(), expireAt));
                }
                return s.bytes();
            }
            case T_HASH_LISTPACK_EX_PRE_GA, T_HASH_LISTPACK_EX: {
                if (type == T_HASH_LISTPACK_EX) {
                    r.bytes(8); // the next expiry: the fields carry their own
                }
                List<byte[]> flat = PackedLists.listpack(r.string());
                if (flat.size() % 3 != 0) {
                    throw new RdbFormatException("corrupt hash with field expiry (element count not a multiple of 3)");
                }
                Sum128 s = new Sum128();
                for (int i = 0; i < flat.size(); i += 3) {
                    s.add(expiringPair(flat.get(i), flat.get(i + 1), parseExpiry(flat.get(i + 2))));
                }
                return s.bytes();
            }
            case T_ZSET: {
                Sum128 s = new Sum128();
                for (long n = r.length(); n > 0; n--) {
                    byte[] member = r.string();
                    int l = r.u8();
                    double score = switch (l) {
                        case 253 -> Double.NaN;
                        case 254 -> Double.POSITIVE_INFINITY;
                        case 255 -> Double.NEGATIVE_INFINITY;
                        default -> parseScore(r.bytes(l));
                    };
                    s.add(scored(member, score));
                }
                return s.bytes();
            }
            case T_ZSET_2: {
                Sum128 s = new Sum128();
                for (long n = r.length(); n > 0; n--) {
                    byte[] member = r.string();
                    s.add(scored(member, Double.longBitsToDouble(le64(r.bytes(8), 0))));
                }
                return s.bytes();
            }
            case T_ZSET_ZIPLIST:
                return pairs(PackedLists.ziplist(r.string()), true);
            case T_ZSET_LISTPACK:
                return pairs(PackedLists.listpack(r.string()), true);
            default:
                // streams (and the ancient zipmap): their serialized form survives RESTORE unchanged
                valueHash.update(value, off, len);
                return valueHash.digest();
        }
    }

    private void ordered(MessageDigest md, byte[] element) {
        putInt(scratch, 0, element.length);
        md.update(scratch, 0, 4);
        md.update(element);
    }

    private MessageDigest orderedAll(MessageDigest md, List<byte[]> elements) {
        for (byte[] e : elements) {
            ordered(md, e);
        }
        return md;
    }

    private byte[] unordered(List<byte[]> elements) {
        Sum128 s = new Sum128();
        for (byte[] e : elements) {
            elementHash.update(e);
            digest(elementHash, elementOut);
            s.add(elementOut);
        }
        return s.bytes();
    }

    private byte[] pairs(List<byte[]> flat, boolean scores) throws RdbFormatException {
        if (flat.size() % 2 != 0) {
            throw new RdbFormatException("corrupt hash or sorted set (odd element count)");
        }
        Sum128 s = new Sum128();
        for (int i = 0; i < flat.size(); i += 2) {
            s.add(scores ? scored(flat.get(i), parseScore(flat.get(i + 1))) : pair(flat.get(i), flat.get(i + 1)));
        }
        return s.bytes();
    }

    private byte[] pair(byte[] a, byte[] b) {
        MessageDigest md = elementHash;
        ordered(md, a);
        ordered(md, b);
        digest(md, elementOut);
        return elementOut;
    }

    /**
     * A hash field with its absolute expiry in ms (0: none). Without one it is {@link #pair}, so a hash's digest does
     * not change with the encoding Redis chose, nor with the Redis version that wrote it.
     */
    private byte[] expiringPair(byte[] field, byte[] value, long expireAt) {
        if (expireAt == 0) {
            return pair(field, value);
        }
        MessageDigest md = elementHash;
        ordered(md, field);
        ordered(md, value);
        putLong(scratch, 0, expireAt);
        md.update(scratch, 0, 8);
        digest(md, elementOut);
        return elementOut;
    }

    private static long parseExpiry(byte[] text) throws RdbFormatException {
        try {
            return Long.parseLong(new String(text, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new RdbFormatException(
                    "corrupt hash field expiry '" + new String(text, StandardCharsets.US_ASCII) + "'");
        }
    }

    private byte[] scored(byte[] member, double score) {
        MessageDigest md = elementHash;
        ordered(md, member);
        putLong(scratch, 0, Double.doubleToLongBits(score == 0.0 ? 0.0 : score));
        md.update(scratch, 0, 8);
        digest(md, elementOut);
        return elementOut;
    }

    private static double parseScore(byte[] text) throws RdbFormatException {
        // an integer of up to 15 digits (a listpack keeps integral scores as integers): exactly that double, as
        // Double.parseDouble gives it, without building a String
        long integral = RespConnection.smallDecimal(text, text.length, 15);
        if (integral != Long.MIN_VALUE) {
            return integral;
        }
        String s = new String(text, StandardCharsets.US_ASCII).trim();
        switch (s.toLowerCase()) {
            case "inf", "+inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            case "nan":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new RdbFormatException("corrupt sorted set score '" + s + "'");
                }
        }
    }

    private static void putInt(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (24 - 8 * i));
        }
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
