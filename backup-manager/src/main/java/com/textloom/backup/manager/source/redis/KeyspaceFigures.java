package com.textloom.backup.manager.source.redis;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@link RedisFigures} of some dbs of a live server, read key by key: {@code SCAN} each db ({@value #BATCH} keys a
 * page), then per page one {@code PEXPIRETIME} per key and one {@code MGET} of them all, and {@code DUMP} of each key
 * that is not a string (nil in {@code MGET}), all pipelined. {@code DUMP} gives the type byte and the value exactly as
 * {@code rdbSaveObject} writes it into an RDB file (followed by the RDB version and a CRC-64), so the figures equal
 * those of a replication snapshot of the same data ({@code RdbGoldenFilesTest} pins those bytes for three Redis
 * versions). A string's figures are those of its bytes, which is what {@code MGET} returns and what the figures hash
 * of an RDB string, raw, integer-encoded or LZF-compressed alike (decoded), so they are the same figures: reading
 * strings with {@code MGET} spares the server a command per key and what {@code DUMP} does for a string (an LZF
 * compression and a CRC-64), and us the decompression.
 *
 * <p>Why: proving a restore into one db of a busy server by a replication snapshot makes the server fork and
 * serialise every db, after its diskless-sync delay (5 s by default); reading the restored db alone took 8.4 s
 * instead of 18.8 s for a db of 1 000 000 keys next to another as large (backup-manager README, "Proof of a Redis
 * restore").
 *
 * <p>The server never waits for us: the {@code SCAN} of the next page goes out with the commands of the current one,
 * so a page's commands are sent before the replies of the page before are read; the values are hashed on a thread
 * of their own ({@link Hasher}) while the next ones are read.
 *
 * <p>Guarantees and limits: memory is bounded: replies are bounded as {@link RespConnection} bounds them and read one
 * value at a time ({@code MGET}'s too), at most about three pages of commands are outstanding, and the values waiting
 * to be hashed are bounded in bytes ({@link Hasher#QUEUE_BYTES} plus a page of {@link Hasher#PAGE_BYTES}). The read
 * is not atomic: a key written, deleted or expired during the scan, or returned twice by {@code SCAN} while the
 * server resizes its table, makes the figures differ from the data's. A difference found this way is therefore never
 * reported as such: the caller confirms it with a snapshot (see {@link RedisRestorer}). {@link #read} answers empty
 * when the server cannot be read this way: no {@code PEXPIRETIME} (Redis before 7.0), a value type the figures do not
 * know, a key that vanished between {@code SCAN} and its reads.
 */
final class KeyspaceFigures {
    /** Keys asked for per {@code SCAN}, and so per pipelined page of reads. */
    static final int BATCH = 1000;
    /** DUMP's trailer: the RDB version (2 bytes) and a CRC-64 (8 bytes). */
    private static final int TRAILER = 10;

    private KeyspaceFigures() {}

    /**
     * The figures ({@code db.<n>.keys}, {@code .expires}, {@code .digest}) of each of {@code dbs} that holds a key,
     * or empty when the server cannot be read key by key (see the class comment); the connection is closed either way
     * (one that stopped early holds unread replies).
     *
     * @throws IOException when the server cannot be reached or fails a command
     */
    static Optional<Map<String, String>> read(RedisLocation server, Set<Integer> dbs) throws IOException {
        RedisFigures figures = new RedisFigures();
        try (RespConnection c = RespConnection.open(server.withDb(0));
                Hasher hasher = new Hasher(figures)) {
            if (!(probe(c) instanceof Long)) {
                return Optional.empty();
            }
            for (int db : dbs) {
                c.call("SELECT", Integer.toString(db));
                if (!readDb(c, db, hasher)) {
                    return Optional.empty();
                }
            }
            hasher.finish();
        } catch (RdbFormatException e) {
            return Optional.empty();
        }
        return Optional.of(dbFigures(figures));
    }

    /** The per-db figures of {@code figures} ({@code db.<n>.keys}, {@code .expires}, {@code .digest}), no others. */
    static Map<String, String> dbFigures(RedisFigures figures) {
        Map<String, String> out = new TreeMap<>();
        figures.figures().forEach((k, v) -> {
            if (k.startsWith("db.")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** {@code PEXPIRETIME} of a key that does not exist: -2 where the command exists, an error reply before 7.0. */
    static Object probe(RespConnection c) throws IOException {
        c.send("PEXPIRETIME", "textloom-backup:keyspace-figures-probe");
        c.flush();
        return c.read();
    }

    private static final byte[] SCAN = ascii("SCAN");
    private static final byte[] COUNT = ascii("COUNT");
    private static final byte[] BATCH_TEXT = ascii(Integer.toString(BATCH));
    private static final byte[] MGET = ascii("MGET");
    private static final byte[] DUMP = ascii("DUMP");
    private static final byte[] PEXPIRETIME = ascii("PEXPIRETIME");
    private static final byte[] ZERO = ascii("0");

    /** A key read, or to be read: its expiry once known, its value ({@code MGET}'s bytes or {@code DUMP}'s payload). */
    record Key(byte[] name, long expiry, byte[] value, boolean dumped) {}

    /**
     * A reply expected, in the order the commands went out: a {@code SCAN} page ({@link #SCAN_REPLY}), a page's
     * {@code PEXPIRETIME}s followed by its {@code MGET} ({@code page}), or one key's {@code DUMP} ({@code dump}).
     */
    private record Expected(List<byte[]> page, Key dump) {}

    private static final Expected SCAN_REPLY = new Expected(null, null);

    /**
     * Feeds every key of the selected db to the hasher; false when one vanished or could not be read. Each page of
     * keys is read with one {@code PEXPIRETIME} per key and one {@code MGET} of them all (its values are read one by
     * one: one value in memory at a time); a key {@code MGET} answers nil for (not a string) is read with {@code DUMP}.
     */
    private static boolean readDb(RespConnection c, int db, Hasher hasher) throws IOException {
        ArrayDeque<Expected> expected = new ArrayDeque<>();
        List<Key> notStrings = new ArrayList<>();
        boolean scanning = true;
        scan(c, ZERO);
        expected.add(SCAN_REPLY);
        c.flush();
        while (!expected.isEmpty()) {
            Expected e = expected.poll();
            if (e == SCAN_REPLY) {
                List<?> page = page(c);
                byte[] cursor = (byte[]) page.get(0);
                scanning = !Arrays.equals(cursor, ZERO);
                if (scanning) {
                    scan(c, cursor);
                    expected.add(SCAN_REPLY);
                }
                List<byte[]> keys = new ArrayList<>();
                for (Object name : (List<?>) page.get(1)) {
                    keys.add((byte[]) name);
                }
                if (!keys.isEmpty()) {
                    for (byte[] k : keys) {
                        command(c, PEXPIRETIME, k);
                    }
                    c.beginCommand(1 + keys.size());
                    c.bulk(MGET, 0, MGET.length);
                    for (byte[] k : keys) {
                        c.bulk(k, 0, k.length);
                    }
                    expected.add(new Expected(keys, null));
                }
                dumps(c, notStrings, expected);
                c.flush();
            } else if (e.page() != null) {
                List<byte[]> keys = e.page();
                long[] expiries = new long[keys.size()];
                for (int i = 0; i < expiries.length; i++) {
                    if (!(c.read() instanceof Long at) || at == -2) {
                        return false; // the connection is closed unread
                    }
                    expiries[i] = at < 0 ? -1 : at;
                }
                if (c.readArrayLength() != keys.size()) {
                    return false;
                }
                for (int i = 0; i < expiries.length; i++) {
                    Object value = c.read();
                    if (value instanceof byte[] v) {
                        hasher.add(db, new Key(keys.get(i), expiries[i], v, false));
                    } else if (value == null) {
                        notStrings.add(new Key(keys.get(i), expiries[i], null, true)); // or gone: DUMP will tell
                    } else {
                        return false;
                    }
                }
            } else {
                Object dump = c.read();
                if (!(dump instanceof byte[] d) || d.length <= TRAILER) {
                    return false;
                }
                Key k = e.dump();
                hasher.add(db, new Key(k.name(), k.expiry(), d, true));
            }
            if (!scanning && !notStrings.isEmpty() && (notStrings.size() >= BATCH || expected.isEmpty())) {
                dumps(c, notStrings, expected);
                c.flush();
            }
        }
        return true;
    }

    /** Sends the DUMPs of the keys found not to be strings. */
    private static void dumps(RespConnection c, List<Key> notStrings, ArrayDeque<Expected> expected)
            throws IOException {
        for (Key k : notStrings) {
            command(c, DUMP, k.name());
            expected.add(new Expected(null, k));
        }
        notStrings.clear();
    }

    private static void command(RespConnection c, byte[] name, byte[] key) throws IOException {
        c.beginCommand(2);
        c.bulk(name, 0, name.length);
        c.bulk(key, 0, key.length);
    }

    private static void scan(RespConnection c, byte[] cursor) throws IOException {
        c.beginCommand(4);
        c.bulk(SCAN, 0, SCAN.length);
        c.bulk(cursor, 0, cursor.length);
        c.bulk(COUNT, 0, COUNT.length);
        c.bulk(BATCH_TEXT, 0, BATCH_TEXT.length);
    }

    /** A SCAN reply: the next cursor (bytes) and the keys (bytes). */
    private static List<?> page(RespConnection c) throws IOException {
        Object r = c.read();
        if (r instanceof RespConnection.Error e) {
            throw new IOException("Redis at " + c.location() + " answered SCAN with: " + e.message());
        }
        if (!(r instanceof List<?> page)
                || page.size() != 2
                || !(page.get(0) instanceof byte[])
                || !(page.get(1) instanceof List<?> keys)
                || !keys.stream().allMatch(k -> k instanceof byte[])) {
            throw new IOException("Redis at " + c.location() + " sent a malformed SCAN reply");
        }
        return page;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Feeds the keys read to {@link RedisFigures} on a thread of its own, a page at a time, through a queue bounded
     * in bytes: the connection's thread reads the next replies meanwhile. Its failure (a value the figures cannot
     * decode) is thrown to the reader at its next {@link #put} or at {@link #finish}.
     */
    static final class Hasher implements AutoCloseable {
        /** The bytes of values waiting to be hashed, beyond the one page always accepted. */
        static final long QUEUE_BYTES = 32L << 20;
        /** A page handed over is at most this many bytes of values, plus one value. */
        static final long PAGE_BYTES = 4L << 20;

        private final RedisFigures figures;
        private final ArrayDeque<List<Key>> pages = new ArrayDeque<>();
        private final ArrayDeque<Integer> dbs = new ArrayDeque<>();
        private final Thread thread;
        private long bytes;
        private boolean ended;
        private IOException failure;

        Hasher(RedisFigures figures) {
            this.figures = figures;
            this.thread = new Thread(this::run, "redis-keyspace-figures");
            thread.setDaemon(true);
            thread.start();
        }

        /** Keys read since the last {@link #put}, all of {@link #currentDb}: only the reading thread touches them. */
        private List<Key> current = new ArrayList<>();

        private int currentDb;
        private long currentBytes;

        /** Queues a key, a page at a time ({@value #BATCH} keys or {@link #PAGE_BYTES}, whichever comes first). */
        void add(int db, Key k) throws IOException {
            if (db != currentDb && !current.isEmpty()) {
                flushPage();
            }
            currentDb = db;
            current.add(k);
            currentBytes += k.value().length;
            if (current.size() >= BATCH || currentBytes >= PAGE_BYTES) {
                flushPage();
            }
        }

        private void flushPage() throws IOException {
            List<Key> page = current;
            current = new ArrayList<>();
            currentBytes = 0;
            put(currentDb, page);
        }

        private synchronized void put(int db, List<Key> page) throws IOException {
            if (page.isEmpty()) {
                rethrow();
                return;
            }
            long size = size(page);
            try {
                while (failure == null && !pages.isEmpty() && bytes + size > QUEUE_BYTES) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
            rethrow();
            pages.add(page);
            dbs.add(db);
            bytes += size;
            notifyAll();
        }

        /** Waits until every key added was hashed; throws the hashing's failure. */
        void finish() throws IOException {
            flushPage();
            synchronized (this) {
                ended = true;
                notifyAll();
            }
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
            synchronized (this) {
                rethrow();
            }
        }

        private void rethrow() throws IOException {
            if (failure instanceof RdbFormatException f) {
                throw new RdbFormatException(f.getMessage());
            }
            if (failure != null) {
                throw new IOException(failure.getMessage(), failure);
            }
        }

        private static long size(List<Key> page) {
            long n = 0;
            for (Key k : page) {
                n += k.value().length + k.name().length;
            }
            return n;
        }

        private void run() {
            while (true) {
                List<Key> page;
                int db;
                synchronized (this) {
                    while (pages.isEmpty() && !ended && failure == null) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    if (pages.isEmpty() || failure != null) {
                        return;
                    }
                    page = pages.peek();
                    db = dbs.peek();
                }
                try {
                    for (Key k : page) {
                        if (k.dumped()) {
                            figures.onDump(db, k.name(), k.expiry(), k.value());
                        } else {
                            figures.onString(db, k.name(), k.expiry(), k.value());
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    synchronized (this) {
                        failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
                        notifyAll();
                    }
                    return;
                }
                synchronized (this) {
                    pages.poll();
                    dbs.poll();
                    bytes -= size(page);
                    notifyAll();
                }
            }
        }

        /** Stops the thread (after {@link #finish}, it has already ended). */
        @Override
        public void close() {
            synchronized (this) {
                ended = true;
                pages.clear();
                dbs.clear();
                notifyAll();
            }
            thread.interrupt();
        }
    }
}
