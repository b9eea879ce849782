package com.textloom.backup.manager.source.redis;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The {@link RedisFigures} of the keys an online restore writes, read back from the server in the restore's own
 * pipeline: after each batch of {@code RESTORE}s, on the same connection (so the server runs the reads after those
 * {@code RESTORE}s), one {@code PEXPIRETIME} per key, one {@code MGET} of the batch's keys the backup holds as strings
 * and one {@code DUMP} of each of its other keys; the values are hashed on a thread of their own
 * ({@link KeyspaceFigures.Hasher}), exactly as {@link KeyspaceFigures} hashes them (a key's family comes from what the
 * server answers: {@code MGET}'s nil for a key that is not a string, {@code DUMP}'s type byte). After the last batch,
 * {@code DBSIZE} of each restored db must equal the number of keys read back in it: the backup's keys of a db are
 * distinct, each was found, so the db holds exactly them, none missing, none more.
 *
 * <p>Why: {@link KeyspaceFigures} finds the keys with {@code SCAN}, a quarter of the server's CPU for the proof of a
 * restore of 1 000 000 keys, and reads them after the write, while here the reads go out with the write and the
 * keys are those being written (backup-manager README, "Proof of a Redis restore").
 *
 * <p>Guarantees and limits: a difference is never reported from this read: {@link #figures} is empty when a key
 * could not be read back (gone, not a string where the backup has one, an error reply, a value the figures cannot
 * decode, a count that differs), and the caller then proves the restore as before, as it does when the figures
 * differ ({@link KeyspaceFigures}, then a replication snapshot). The read is not atomic: a key changed by another client after it was read back and before
 * the end is not seen (as with {@code SCAN}, for a key changed after it was scanned); a key deleted or added is,
 * by the count. Memory: the names of two batches of keys and their replies (the writer's batches are bounded), plus
 * the hasher's queue.
 */
final class ReadBackFigures implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReadBackFigures.class);
    private static final byte[] MGET = {'M', 'G', 'E', 'T'};
    private static final byte[] DUMP = {'D', 'U', 'M', 'P'};
    private static final byte[] PEXPIRETIME = "PEXPIRETIME".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DBSIZE = "DBSIZE".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** DUMP's trailer: the RDB version (2 bytes) and a CRC-64 (8 bytes). */
    private static final int TRAILER = 10;

    private final RespConnection c;
    private final RedisFigures figures = new RedisFigures();
    private final KeyspaceFigures.Hasher hasher = new KeyspaceFigures.Hasher(figures);
    private final Map<Integer, Long> readPerDb = new TreeMap<>();
    /** Batches whose reads were sent and whose replies are still to be read, oldest first. */
    private final ArrayDeque<Batch> sent = new ArrayDeque<>();

    private Batch current = new Batch();
    /** Why the keys read back cannot prove the restore; null while they can. */
    private String unprovable;

    /** The keys of one batch, all of one db, in the order written; which of them the backup holds as strings. */
    private static final class Batch {
        int db = -1;
        final List<byte[]> keys = new ArrayList<>();
        final List<Boolean> string = new ArrayList<>();
        int strings;
    }

    private ReadBackFigures(RespConnection c) {
        this.c = c;
    }

    /**
     * A read-back on {@code c}, or empty when the server cannot be read this way (no {@code PEXPIRETIME}: Redis before
     * 7.0). Sends one probe command and reads its reply: call it before the write's pipeline starts.
     */
    static Optional<ReadBackFigures> on(RespConnection c) throws IOException {
        return KeyspaceFigures.probe(c) instanceof Long ? Optional.of(new ReadBackFigures(c)) : Optional.empty();
    }

    /** A key whose {@code RESTORE} was just queued on the connection, into {@code db} (one db per batch). */
    void add(int db, byte[] key, int rdbType) {
        if (current.db != db && !current.keys.isEmpty()) {
            throw new IllegalStateException("a batch of RESTOREs spans dbs " + current.db + " and " + db);
        }
        current.db = db;
        current.keys.add(key);
        boolean string = rdbType == RdbReader.T_STRING;
        current.string.add(string);
        if (string) {
            current.strings++;
        }
    }

    /**
     * Queues the reads of the keys added since the last call, behind their {@code RESTORE}s; every batch the writer
     * sends calls this once (a batch without keys queues no command), and {@link #readReplies} once when its replies
     * are due.
     */
    void sendReads() throws IOException {
        Batch b = current;
        current = new Batch();
        sent.add(b);
        int n = b.keys.size();
        if (n == 0) {
            return;
        }
        for (byte[] k : b.keys) {
            command(PEXPIRETIME, k);
        }
        if (b.strings > 0) {
            c.beginCommand(1 + b.strings);
            c.bulk(MGET, 0, MGET.length);
            for (int i = 0; i < n; i++) {
                if (b.string.get(i)) {
                    byte[] k = b.keys.get(i);
                    c.bulk(k, 0, k.length);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (!b.string.get(i)) {
                command(DUMP, b.keys.get(i));
            }
        }
    }

    /**
     * Reads the replies of the oldest batch's reads (they follow that batch's {@code RESTORE} replies) and hands its
     * keys to the hasher. Every reply is read whatever it is, so that the pipeline stays in step.
     */
    void readReplies() throws IOException {
        Batch b = sent.poll();
        if (b == null) {
            throw new IllegalStateException("no batch of reads is outstanding");
        }
        int n = b.keys.size();
        if (n == 0) {
            return;
        }
        long[] expiries = new long[n];
        for (int i = 0; i < n; i++) {
            Object at = c.read();
            if (at instanceof Long l && l != -2) {
                expiries[i] = l < 0 ? -1 : l;
            } else {
                fail(at instanceof Long ? "a key written is gone" : "PEXPIRETIME answered " + at);
            }
        }
        if (b.strings > 0) {
            Object values = c.read();
            if (values instanceof List<?> list && list.size() == b.strings) {
                int j = 0;
                for (int i = 0; i < n; i++) {
                    if (b.string.get(i)) {
                        Object v = list.get(j++);
                        if (v instanceof byte[] bytes) {
                            hash(b.db, new KeyspaceFigures.Key(b.keys.get(i), expiries[i], bytes, false));
                        } else {
                            fail("a key written as a string is not one, or is gone");
                        }
                    }
                }
            } else {
                fail("MGET answered " + (values instanceof RespConnection.Error e ? e.message() : "unexpectedly"));
            }
        }
        for (int i = 0; i < n; i++) {
            if (!b.string.get(i)) {
                Object d = c.read();
                if (d instanceof byte[] dump && dump.length > TRAILER) {
                    hash(b.db, new KeyspaceFigures.Key(b.keys.get(i), expiries[i], dump, true));
                } else {
                    fail("DUMP of a key written answered " + (d instanceof RespConnection.Error e ? e.message() : d));
                }
            }
        }
        readPerDb.merge(b.db, (long) n, Long::sum);
    }

    private void hash(int db, KeyspaceFigures.Key k) throws java.io.InterruptedIOException {
        if (unprovable != null) {
            return;
        }
        try {
            hasher.add(db, k);
        } catch (java.io.InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            fail("a value read back cannot be hashed: " + e.getMessage());
        }
    }

    private void fail(String why) {
        if (unprovable == null) {
            unprovable = why;
        }
    }

    /**
     * After the writer read every reply: the figures ({@code db.<n>.keys}, {@code .expires}, {@code .digest}) of each
     * of {@code dbs} that holds a key, when every key was read back and each db's {@code DBSIZE} equals the keys read
     * back in it; else empty (the reason is logged). Selects other dbs on the connection.
     */
    Optional<Map<String, String>> figures(Set<Integer> dbs) throws IOException {
        if (!sent.isEmpty()) {
            throw new IllegalStateException(sent.size() + " batches of reads are still outstanding");
        }
        for (int db : dbs) {
            if (unprovable != null) {
                break;
            }
            c.call("SELECT", Integer.toString(db));
            c.beginCommand(1);
            c.bulk(DBSIZE, 0, DBSIZE.length);
            c.flush();
            Object size = c.read();
            long read = readPerDb.getOrDefault(db, 0L);
            if (!(size instanceof Long s) || s != read) {
                fail("db " + db + " holds " + size + " keys, " + read + " were read back");
            }
        }
        if (unprovable == null) {
            try {
                hasher.finish();
            } catch (java.io.InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                fail("a value read back cannot be hashed: " + e.getMessage());
            }
        }
        if (unprovable != null) {
            LOG.infof("redis restore into %s: the keys read back do not prove it (%s)", c.location(), unprovable);
            return Optional.empty();
        }
        return Optional.of(KeyspaceFigures.dbFigures(figures));
    }

    private void command(byte[] name, byte[] key) throws IOException {
        c.beginCommand(2);
        c.bulk(name, 0, name.length);
        c.bulk(key, 0, key.length);
    }

    /** Stops the hashing thread. */
    @Override
    public void close() {
        hasher.close();
    }
}
