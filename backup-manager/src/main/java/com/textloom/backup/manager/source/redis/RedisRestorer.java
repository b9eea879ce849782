package com.textloom.backup.manager.source.redis;

import static com.textloom.backup.manager.source.redis.RedisSource.COMPONENT;

import com.textloom.backup.manager.source.Comparison;
import com.textloom.backup.manager.source.RestoreOutcome;
import com.textloom.backup.manager.source.SourceException;
import com.textloom.backup.manager.source.StreamOpener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Restores a {@code redis} component into a running server, key by key, without a restart: the RDB
 * stream is read with {@link RdbReader} and every key is written with
 * {@code RESTORE key ttl payload REPLACE ABSTTL}, where the payload is the value's RDB bytes plus the
 * RDB version and a CRC-64, exactly what {@code DUMP} produces. TTLs are absolute, so a key expires
 * when it would have; a key whose expiry has passed is not recreated. Commands are pipelined.
 * The restored dbs' {@link RedisFigures} are compared with the backup's, per db: read back key by key in the write's
 * own pipeline ({@link ReadBackFigures}); whenever that cannot prove the restore or differs, read key by key after
 * the write ({@link KeyspaceFigures}), and from a new replication snapshot of the target whenever that read cannot be
 * made or differs (a difference is only reported from a snapshot).
 *
 * <p>{@link #writeRdbFile} instead writes the stream as a {@code dump.rdb} for a cold start.
 * Memory: one key's value at a time (plus the pipeline's batch).
 */
public final class RedisRestorer {
    private static final Logger LOG = Logger.getLogger(RedisRestorer.class);
    private static final int BATCH_COMMANDS = 512;
    private static final long BATCH_BYTES = 8L << 20;
    private static final byte[] RESTORE = ascii("RESTORE");
    private static final byte[] REPLACE = ascii("REPLACE");
    private static final byte[] ABSTTL = ascii("ABSTTL");
    private static final byte[] NO_TTL = ascii("0");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public RestoreOutcome restore(StreamOpener opener, Map<String, String> backupFigures, RedisRestoreOptions options)
            throws SourceException {
        Set<Integer> backupDbs = new TreeSet<>();
        for (String k : backupFigures.keySet()) {
            if (k.startsWith("db.") && k.endsWith(".keys")) {
                backupDbs.add(Integer.parseInt(k.substring(3, k.length() - 5)));
            }
        }
        if (options.targetDb() != null && options.sourceDb() == null && backupDbs.size() > 1) {
            throw new SourceException(
                    COMPONENT,
                    "the backup holds dbs " + backupDbs + "; name the source db to restore into db "
                            + options.targetDb());
        }
        Set<Integer> targetDbs = new TreeSet<>();
        for (int db : backupDbs) {
            if (options.map(db) >= 0) {
                targetDbs.add(options.map(db));
            }
        }
        if (options.sourceDb() != null && options.targetDb() != null) {
            targetDbs.add(options.targetDb());
        }
        List<String> notes = new ArrayList<>();
        long[] written = new long[1];
        ReadBackFigures readBack = null;
        Optional<Map<String, String>> readBackFigures = Optional.empty();
        long start = System.nanoTime();
        double[] serverCpu = new double[3];
        long[] ownCpu = {processCpuNanos(), 0};
        try (RespConnection c = RespConnection.open(options.target().withDb(0));
                InputStream in = opener.open(RedisSource.STREAM)) {
            serverCpu[0] = serverCpuSeconds(c);
            String rdbVersion = backupFigures.get("rdb_version");
            if (rdbVersion != null && !targetDbs.isEmpty()) {
                requireReadable(
                        c, Integer.parseInt(rdbVersion), targetDbs.iterator().next(), options.target());
            }
            if (options.mode() == RedisRestoreOptions.Mode.REPLACE_ALL) {
                for (int db : targetDbs) {
                    c.call("SELECT", Integer.toString(db));
                    c.call("FLUSHDB");
                }
            }
            readBack = ReadBackFigures.on(c).orElse(null);
            Writer w = new Writer(c, readBack);
            RdbReader reader = new RdbReader(in);
            reader.read(new RdbReader.Handler() {
                @Override
                public void onKey(int db, byte[] key, long expireAtMs, int type, byte[] value) throws IOException {
                    int to = options.map(db);
                    if (to >= 0) {
                        w.restore(to, key, expireAtMs, type, value, reader.version());
                        written[0]++;
                    }
                }

                @Override
                public void onFunction(byte[] code) throws IOException {
                    if (options.sourceDb() == null) {
                        w.function(code); // functions are server-wide: only a whole-server restore brings them back
                    }
                }
            });
            w.finish();
            if (readBack != null) {
                readBackFigures = readBack.figures(targetDbs);
            }
            serverCpu[1] = serverCpuSeconds(c);
        } catch (IOException e) {
            throw new SourceException(COMPONENT, "restore into " + options.target() + " failed: " + e.getMessage(), e);
        } finally {
            if (readBack != null) {
                readBack.close();
            }
        }
        notes.add(written[0] + " keys written");
        long writtenAt = System.nanoTime();
        ownCpu[1] = processCpuNanos();
        Map<String, String> expected = new TreeMap<>();
        for (int db : backupDbs) {
            int to = options.map(db);
            if (to >= 0) {
                for (String f : List.of("keys", "expires", "digest")) {
                    expected.put("db." + to + "." + f, backupFigures.get("db." + db + "." + f));
                }
            }
        }
        Map<String, String> actual = readBackFigures.isPresent()
                        && Comparison.of(expected, readBackFigures.get()).allEqual()
                ? readBackFigures.get()
                : figuresOf(options.target(), targetDbs, expected);
        long provenAt = System.nanoTime();
        long ownCpuAtEnd = processCpuNanos();
        try (RespConnection c = RespConnection.open(options.target().withDb(0))) {
            serverCpu[2] = serverCpuSeconds(c);
        } catch (IOException e) {
            serverCpu[2] = Double.NaN;
        }
        LOG.infof(
                "redis restore into %s: %d keys written%s in %.1f s (CPU: ours %.1f s, the server's %.1f s), figures"
                        + " in %.1f s (CPU: ours %.1f s, the server's %.1f s)",
                options.target(),
                written[0],
                readBackFigures.isPresent() ? " and read back" : "",
                (writtenAt - start) / 1e9,
                (ownCpu[1] - ownCpu[0]) / 1e9,
                serverCpu[1] - serverCpu[0],
                (provenAt - writtenAt) / 1e9,
                (ownCpuAtEnd - ownCpu[1]) / 1e9,
                serverCpu[2] - serverCpu[1]);
        if (options.mode() == RedisRestoreOptions.Mode.MERGE) {
            notes.add("merged: keys already in the target and not in the backup make the figures differ");
        }
        String where = options.target().toString().replaceFirst("/\\d+$", "") + "/" + targetDbs;
        return new RestoreOutcome(COMPONENT, where, Comparison.of(expected, actual), notes);
    }

    /**
     * The CPU seconds (user and system) the server's main process used so far, from {@code INFO cpu}, for the log; NaN
     * when the server does not tell (INFO renamed or refused).
     */
    private static double serverCpuSeconds(RespConnection c) {
        try {
            if (c.call("INFO", "cpu") instanceof byte[] info) {
                double sum = 0;
                int found = 0;
                for (String line : new String(info, StandardCharsets.US_ASCII).split("\r\n")) {
                    if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                        sum += Double.parseDouble(line.substring(line.indexOf(':') + 1));
                        found++;
                    }
                }
                return found == 2 ? sum : Double.NaN;
            }
        } catch (IOException | NumberFormatException e) {
            // only for the log
        }
        return Double.NaN;
    }

    /** This process's CPU time so far (all threads), for the log; 0 where the JVM does not tell. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0;
    }

    /**
     * The figures of the restored dbs: read key by key ({@link KeyspaceFigures}: those dbs only, no fork of the
     * server) and, when that cannot be done or does not find them equal to {@code expected}, from a new replication
     * snapshot, which is atomic: a difference is only ever reported from a snapshot.
     */
    private static Map<String, String> figuresOf(RedisLocation target, Set<Integer> dbs, Map<String, String> expected)
            throws SourceException {
        try {
            Optional<Map<String, String>> byKey = KeyspaceFigures.read(target, dbs);
            if (byKey.isPresent() && Comparison.of(expected, byKey.get()).allEqual()) {
                return byKey.get();
            }
            LOG.infof(
                    "redis restore into %s: %s; figures from a replication snapshot",
                    target,
                    byKey.isEmpty() ? "the server cannot be read key by key" : "the figures read key by key differ");
        } catch (IOException e) {
            LOG.infof(
                    "redis restore into %s: reading the figures key by key failed (%s); from a replication snapshot",
                    target, e.getMessage());
        }
        Map<String, String> actual = new TreeMap<>();
        try (InputStream snap = ReplicationSnapshot.open(target)) {
            RedisFigures f = new RedisFigures();
            new RdbReader(snap).read(f);
            f.figures().forEach((k, v) -> {
                if (k.startsWith("db.") && dbs.contains(Integer.parseInt(k.split("\\.")[1]))) {
                    actual.put(k, v);
                }
            });
        } catch (IOException e) {
            throw new SourceException(COMPONENT, "recomputing figures on " + target + " failed: " + e.getMessage(), e);
        }
        return actual;
    }

    /**
     * Writes the stored RDB stream to {@code file} (0600, through a temporary file in the same directory linked into
     * place; never over an existing file), for a server started cold on it, then reads the written file back and
     * compares its figures per db (keys, keys with a TTL, digest) and its function count with {@code backupFigures}.
     * The server is not running, so its version is unknown here: the outcome's note names the file's RDB version and
     * the oldest Redis that loads it (an older one refuses to start on it; disaster recovery checks this before it
     * chooses a cold start, RedisColdStart).
     */
    public RestoreOutcome writeRdbFile(StreamOpener opener, Map<String, String> backupFigures, Path file)
            throws SourceException {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(
                    file.toAbsolutePath().getParent(),
                    ".dump-",
                    ".rdb.partial",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (InputStream in = opener.open(RedisSource.STREAM);
                    OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.createLink(
                    file,
                    tmp); // link(2): atomic, and refused when the file appeared meanwhile (rename would replace it)
            Files.delete(tmp);
            tmp = null;
        } catch (IOException e) {
            throw new SourceException(COMPONENT, "writing " + file + " failed: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // our own temporary file; the failure above is what matters
                }
            }
        }
        RedisFigures written = new RedisFigures();
        int version;
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            RdbReader reader = new RdbReader(in);
            reader.read(written);
            version = reader.version();
        } catch (IOException e) {
            throw new SourceException(COMPONENT, "reading back " + file + " failed: " + e.getMessage(), e);
        }
        Map<String, String> expected = new TreeMap<>();
        backupFigures.forEach((k, v) -> {
            if (k.startsWith("db.") || k.equals("functions.count")) {
                expected.put(k, v);
            }
        });
        Map<String, String> actual = new TreeMap<>(written.figures());
        return new RestoreOutcome(
                COMPONENT,
                file.toString(),
                Comparison.of(expected, actual),
                List.of("start redis-server with dir and dbfilename pointing at this file; the file is RDB version "
                        + version + ": start " + RdbReader.writtenBy(version) + " or newer, an older Redis refuses to"
                        + " start on it"));
    }

    /**
     * Refuses a restore the target cannot take, before anything in it is changed: Redis loads no RDB version newer
     * than its own, so a backup of a newer server (Redis 8.0 writes RDB 12, 7.0 reads up to 10) would otherwise fail at
     * its first key, after {@code REPLACE_ALL} flushed the target. The probe is one RESTORE of a small string with the
     * backup's RDB version, under a key of its own that expires within a minute, deleted at once.
     */
    private static void requireReadable(RespConnection c, int rdbVersion, int db, RedisLocation target)
            throws IOException, SourceException {
        byte[] key =
                ("textloom-backup:restore-probe:" + java.util.UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
        byte[] value = {5, 'p', 'r', 'o', 'b', 'e'}; // an RDB string: length 5, then its bytes
        c.call("SELECT", Integer.toString(db));
        c.send("RESTORE", key, "60000", payload(RdbReader.T_STRING, value, rdbVersion));
        c.flush();
        if (c.read() instanceof RespConnection.Error e) {
            String server = "unknown";
            Object info = c.call("INFO", "server");
            if (info instanceof byte[] text) {
                for (String line : new String(text, StandardCharsets.UTF_8).split("\r\n")) {
                    if (line.startsWith("redis_version:")) {
                        server = line.substring("redis_version:".length());
                    }
                }
            }
            throw new SourceException(
                    COMPONENT,
                    "the backup was made by a Redis that writes RDB version " + rdbVersion
                            + " (" + RdbReader.writtenBy(rdbVersion) + "); " + target + " is Redis " + server
                            + ", which cannot"
                            + " load it (" + e.message()
                            + "): Redis never reads a newer RDB version. Restore into a server of"
                            + " that version or newer; nothing was changed in " + target);
        }
        c.call("DEL", key);
    }

    /** A RESTORE payload: the type byte, the value's RDB bytes, the RDB version (2 bytes, little-endian), CRC-64. */
    private static byte[] payload(int type, byte[] value, int rdbVersion) {
        byte[] payload = new byte[1 + value.length + 10];
        payload[0] = (byte) type;
        System.arraycopy(value, 0, payload, 1, value.length);
        int p = 1 + value.length;
        payload[p] = (byte) rdbVersion;
        payload[p + 1] = (byte) (rdbVersion >> 8);
        Crc64 crc = new Crc64();
        crc.update(payload, 0, p + 2);
        long sum = crc.value();
        for (int i = 0; i < 8; i++) {
            payload[p + 2 + i] = (byte) (sum >>> (8 * i));
        }
        return payload;
    }

    /**
     * Pipelines RESTORE commands in batches, keeping the server busy: a batch is sent before the
     * replies of the one before it are read, so at most two batches' replies are outstanding.
     */
    private static final class Writer {
        private final RespConnection c;
        /** Reads each batch's keys back behind its RESTOREs; null when the server cannot be read that way. */
        private final ReadBackFigures readBack;
        /** Whether a batch was sent whose replies are not read yet. */
        private boolean batchInFlight;

        private int currentDb = -1;
        private int pending;
        private long pendingBytes;
        private int inFlight;
        private String firstError;
        private final byte[] trailer = new byte[10];

        Writer(RespConnection c, ReadBackFigures readBack) {
            this.c = c;
            this.readBack = readBack;
        }

        void restore(int db, byte[] key, long expireAtMs, int type, byte[] value, int rdbVersion) throws IOException {
            if (db != currentDb) {
                if (pending > 0) {
                    endBatch(); // a batch is of one db: its reads follow its RESTOREs in that db
                }
                c.send("SELECT", Integer.toString(db));
                pending++;
                currentDb = db;
            }
            boolean expires = expireAtMs >= 0;
            c.beginCommand(expires ? 6 : 5);
            c.bulk(RESTORE, 0, RESTORE.length);
            c.bulk(key, 0, key.length);
            if (expires) {
                byte[] at = Long.toString(expireAtMs).getBytes(StandardCharsets.US_ASCII);
                c.bulk(at, 0, at.length);
            } else {
                c.bulk(NO_TTL, 0, NO_TTL.length);
            }
            writePayload(type, value, rdbVersion);
            c.bulk(REPLACE, 0, REPLACE.length);
            if (expires) {
                c.bulk(ABSTTL, 0, ABSTTL.length);
            }
            pending++;
            if (readBack != null) {
                readBack.add(db, key, type);
            }
            pendingBytes += value.length + key.length;
            if (pending >= BATCH_COMMANDS || pendingBytes >= BATCH_BYTES) {
                endBatch();
            }
        }

        /**
         * The RESTORE payload ({@link #payload}) written as one argument straight from the value's bytes: no copy of
         * the value, its CRC-64 computed on the way.
         */
        private void writePayload(int type, byte[] value, int rdbVersion) throws IOException {
            Crc64 crc = new Crc64();
            crc.update(type);
            crc.update(value, 0, value.length);
            crc.update(rdbVersion & 0xff);
            crc.update((rdbVersion >> 8) & 0xff);
            long sum = crc.value();
            trailer[0] = (byte) rdbVersion;
            trailer[1] = (byte) (rdbVersion >> 8);
            for (int i = 0; i < 8; i++) {
                trailer[2 + i] = (byte) (sum >>> (8 * i));
            }
            c.bulkHeader(1 + value.length + trailer.length);
            c.rawByte(type);
            c.raw(value, 0, value.length);
            c.raw(trailer, 0, trailer.length);
            c.bulkEnd();
        }

        void function(byte[] code) throws IOException {
            c.send("FUNCTION", "LOAD", "REPLACE", code);
            pending++;
            finish();
        }

        /** Sends every command and reads every reply; throws the first error reply. */
        void finish() throws IOException {
            endBatch();
            readReplies(inFlight);
            inFlight = 0;
            batchInFlight = false;
            throwFirstError();
        }

        /** Sends the current batch (with its reads), then reads the replies of the one before it. */
        private void endBatch() throws IOException {
            if (readBack != null) {
                readBack.sendReads();
            }
            c.flush();
            readReplies(inFlight);
            batchInFlight = true;
            inFlight = pending;
            pending = 0;
            pendingBytes = 0;
            throwFirstError();
        }

        /** Reads the replies of the batch in flight: its {@code n} commands', then those of its reads. */
        private void readReplies(int n) throws IOException {
            for (int i = 0; i < n; i++) {
                Object r = c.read();
                if (r instanceof RespConnection.Error e && firstError == null) {
                    firstError = e.message();
                }
            }
            if (readBack != null && batchInFlight) {
                readBack.readReplies();
            }
        }

        private void throwFirstError() throws IOException {
            if (firstError != null) {
                throw new IOException("Redis refused a key: " + firstError);
            }
        }
    }
}
