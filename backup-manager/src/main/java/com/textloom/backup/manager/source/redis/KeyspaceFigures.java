package com.textloom.backup.manager.source.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@link RedisFigures} of some dbs of a live server, read key by key: {@code SCAN} each db, then {@code DUMP}
 * and {@code PEXPIRETIME} of each key found, pipelined {@value #BATCH} keys at a time. {@code DUMP} gives the type
 * byte and the value exactly as {@code rdbSaveObject} writes it into an RDB file (followed by the RDB version and a
 * CRC-64), so the figures equal those of a replication snapshot of the same data ({@code RdbGoldenFilesTest} pins
 * those bytes for three Redis versions).
 *
 * <p>Why: proving a restore into one db of a busy server by a replication snapshot makes the server fork and
 * serialise every db, after its diskless-sync delay (5 s by default); reading the restored db alone took 8.4 s
 * instead of 18.8 s for a db of 1 000 000 keys next to another as large (backup-manager README, "Proof of a Redis
 * restore").
 *
 * <p>Guarantees and limits: memory is one key's value at a time (replies are read one by one, bounded as
 * {@link RespConnection} bounds them). The read is not atomic: a key written, deleted or expired during the scan,
 * or returned twice by {@code SCAN} while the server resizes its table, makes the figures differ from the data's.
 * A difference found this way is therefore never reported as such: the caller confirms it with a snapshot (see
 * {@link RedisRestorer}). {@link #read} answers empty when the server cannot be read this way: no
 * {@code PEXPIRETIME} (Redis before 7.0), a value type the figures do not know, a key that vanished between
 * {@code SCAN} and {@code DUMP}.
 */
final class KeyspaceFigures {
    /** Keys asked for per {@code SCAN}, and so per pipelined batch of {@code DUMP}s. */
    static final int BATCH = 1000;
    /** DUMP's trailer: the RDB version (2 bytes) and a CRC-64 (8 bytes). */
    private static final int TRAILER = 10;

    private KeyspaceFigures() {}

    /**
     * The figures ({@code db.<n>.keys}, {@code .expires}, {@code .digest}) of each of {@code dbs} that holds a key,
     * or empty when the server cannot be read key by key (see the class comment).
     *
     * @throws IOException when the server cannot be reached or fails a command
     */
    static Optional<Map<String, String>> read(RedisLocation server, Set<Integer> dbs) throws IOException {
        RedisFigures figures = new RedisFigures();
        try (RespConnection c = RespConnection.open(server.withDb(0))) {
            if (!(probe(c) instanceof Long)) {
                return Optional.empty();
            }
            for (int db : dbs) {
                c.call("SELECT", Integer.toString(db));
                if (!readDb(c, db, figures)) {
                    return Optional.empty();
                }
            }
        } catch (RdbFormatException e) {
            return Optional.empty();
        }
        Map<String, String> out = new TreeMap<>();
        figures.figures().forEach((k, v) -> {
            if (k.startsWith("db.")) {
                out.put(k, v);
            }
        });
        return Optional.of(out);
    }

    /** {@code PEXPIRETIME} of a key that does not exist: -2 where the command exists, an error reply before 7.0. */
    private static Object probe(RespConnection c) throws IOException {
        c.send("PEXPIRETIME", "textloom-backup:keyspace-figures-probe");
        c.flush();
        return c.read();
    }

    /** Feeds every key of the selected db to {@code figures}; false when one vanished or could not be read. */
    private static boolean readDb(RespConnection c, int db, RedisFigures figures) throws IOException {
        String cursor = "0";
        do {
            List<?> page = (List<?>) c.call("SCAN", cursor, "COUNT", Integer.toString(BATCH));
            cursor = new String((byte[]) page.get(0), StandardCharsets.US_ASCII);
            List<?> keys = (List<?>) page.get(1);
            for (Object key : keys) {
                c.send("DUMP", key);
                c.send("PEXPIRETIME", key);
            }
            c.flush();
            boolean complete = true;
            for (Object key : keys) {
                Object dump = c.read();
                Object expiry = c.read();
                if (!complete) {
                    continue; // drain the pipeline
                }
                if (!(dump instanceof byte[] d) || d.length <= TRAILER || !(expiry instanceof Long at) || at == -2) {
                    complete = false;
                    continue;
                }
                figures.onKey(
                        db, (byte[]) key, at < 0 ? -1 : at, d[0] & 0xff, Arrays.copyOfRange(d, 1, d.length - TRAILER));
            }
            if (!complete) {
                return false;
            }
        } while (!cursor.equals("0"));
        return true;
    }
}
