package com.textloom.backup.manager.source.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.manager.source.Comparison;
import com.textloom.backup.manager.source.ComponentResult;
import com.textloom.backup.manager.source.DirectorySink;
import com.textloom.backup.manager.source.RestoreOutcome;
import com.textloom.backup.manager.source.SourceException;
import com.textloom.backup.manager.source.StreamOpener;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the machine's real Redis 7 (127.0.0.1:6379, shared): this test writes only db 11 and 12
 * and a private redis-server it starts itself. {@code -Dtextloom.test.redis-url=redis://127.0.0.1:PORT/0} runs the
 * round trips against another server instead (another Redis version, by hand: backup-manager README).
 */
class RedisRoundTripIT {
    private static final RedisLocation SHARED =
            RedisLocation.parse(System.getProperty("textloom.test.redis-url", "redis://127.0.0.1:6379/0"));
    private static final int SRC = 11;
    private static final int DST = 12;
    private static String oldDelay;

    @TempDir
    Path dir;

    @BeforeAll
    static void shortenTheDisklessSyncDelay() throws IOException {
        try (RespConnection c = RespConnection.open(SHARED)) {
            @SuppressWarnings("unchecked")
            List<Object> r = (List<Object>) c.call("CONFIG", "GET", "repl-diskless-sync-delay");
            oldDelay = new String((byte[]) r.get(1), StandardCharsets.US_ASCII);
            c.call("CONFIG", "SET", "repl-diskless-sync-delay", "0");
        }
    }

    @AfterAll
    static void restoreTheDelay() throws IOException {
        try (RespConnection c = RespConnection.open(SHARED)) {
            c.call("CONFIG", "SET", "repl-diskless-sync-delay", oldDelay);
        }
    }

    @BeforeEach
    @AfterEach
    void emptyOurDbs() throws IOException {
        for (int db : new int[] {SRC, DST}) {
            try (RespConnection c = RespConnection.open(SHARED.withDb(db))) {
                c.call("FLUSHDB");
            }
        }
    }

    @Test
    void restoresEveryRedisTypeWithItsTtlIntoAnotherDbIndexAndProvesItEqual() throws Exception {
        fill(SHARED.withDb(SRC));
        Map<String, String> original = RedisContent.read(SHARED.withDb(SRC));
        DirectorySink sink = new DirectorySink(dir);

        ComponentResult result = new RedisSource(SHARED).backup(sink);

        assertEquals(Integer.toString(original.size()), result.figures().get("db." + SRC + ".keys"));
        assertEquals("4", result.figures().get("db." + SRC + ".expires"));
        RestoreOutcome outcome = new RedisRestorer()
                .restore(
                        sink,
                        result.figures(),
                        new RedisRestoreOptions(SHARED, SRC, DST, RedisRestoreOptions.Mode.REPLACE_ALL));

        assertTrue(
                outcome.comparison().allEqual(),
                () -> "differences: " + outcome.comparison().differences());
        assertEquals(3, outcome.comparison().entries().size());
        assertEquals(original, RedisContent.read(SHARED.withDb(DST)));
    }

    @Test
    void aKeyWhoseTtlRanOutBeforeTheRestoreIsReportedMissing() throws Exception {
        try (RespConnection c = RespConnection.open(SHARED.withDb(SRC))) {
            c.call("SET", "kept", "v");
            c.call("SET", "short-lived", "v", "PX", "1500");
        }
        DirectorySink sink = new DirectorySink(dir);
        ComponentResult result = new RedisSource(SHARED).backup(sink);
        assertEquals("2", result.figures().get("db." + SRC + ".keys"));
        Thread.sleep(2000);

        RestoreOutcome outcome = new RedisRestorer()
                .restore(
                        sink,
                        result.figures(),
                        new RedisRestoreOptions(SHARED, SRC, DST, RedisRestoreOptions.Mode.REPLACE_ALL));

        // RESTORE ... ABSTTL with a past expiry creates nothing: one key fewer, its TTL and content missing
        assertEquals(
                List.of("db." + DST + ".digest", "db." + DST + ".expires", "db." + DST + ".keys"),
                outcome.comparison().differences().stream()
                        .map(Comparison.Entry::name)
                        .toList());
        assertEquals("1", outcome.comparison().differences().get(2).actual());
    }

    /**
     * The restore's proof reads the restored dbs key by key ({@link KeyspaceFigures}) instead of a snapshot of the
     * whole server: that read must give exactly the snapshot's figures for every type, encoding and expiry, and see
     * a change the snapshot sees.
     */
    @Test
    void theFiguresReadKeyByKeyEqualTheSnapshotsForEveryTypeAndSeeAChange() throws Exception {
        fill(SHARED.withDb(SRC));
        try (RespConnection c = RespConnection.open(SHARED.withDb(DST))) {
            c.call("SET", "other-db", "x");
        }
        Map<String, String> snapshot =
                new RedisSource(SHARED).backup(new DirectorySink(dir)).figures();

        Map<String, String> byKey =
                KeyspaceFigures.read(SHARED, Set.of(SRC, DST)).orElseThrow();

        for (String f : List.of("keys", "expires", "digest")) {
            for (int db : new int[] {SRC, DST}) {
                assertEquals(snapshot.get("db." + db + "." + f), byKey.get("db." + db + "." + f), "db." + db + "." + f);
            }
        }
        assertEquals(6, byKey.size(), "only the dbs asked for: " + byKey.keySet());
        try (RespConnection c = RespConnection.open(SHARED.withDb(SRC))) {
            c.call("HSET", "hash:big", "field-7", "changed");
        }
        Map<String, String> changed = KeyspaceFigures.read(SHARED, Set.of(SRC)).orElseThrow();
        assertNotEquals(byKey.get("db." + SRC + ".digest"), changed.get("db." + SRC + ".digest"));
        assertEquals(byKey.get("db." + SRC + ".keys"), changed.get("db." + SRC + ".keys"));
    }

    /**
     * The key-by-key read over many SCAN pages (its commands for the next page go out before the current page's replies
     * are read): still exactly the snapshot's figures, and a change is seen.
     */
    @Test
    void theFiguresReadKeyByKeyOverManyPagesEqualTheSnapshots() throws Exception {
        int keys = 7 * KeyspaceFigures.BATCH + 123;
        try (RespConnection c = RespConnection.open(SHARED.withDb(SRC))) {
            for (int i = 0; i < keys; i++) {
                String k = "k" + i;
                switch (i % 5) {
                    case 0 -> c.send("SET", k, "value-" + i);
                    case 1 -> c.send("SET", k, Integer.toString(i), "PX", Long.toString(3_600_000L + i));
                    case 2 -> c.send("HSET", k, "f", "v" + i, "g", Integer.toString(i));
                    case 3 -> c.send("RPUSH", k, "a" + i, "b", Integer.toString(i));
                    default -> c.send("ZADD", k, Integer.toString(i), "m", "-1.5", "n");
                }
            }
            awaitReplies(c);
        }
        Map<String, String> snapshot =
                new RedisSource(SHARED).backup(new DirectorySink(dir)).figures();
        Map<String, String> byKey = KeyspaceFigures.read(SHARED, Set.of(SRC)).orElseThrow();
        for (String f : List.of("keys", "expires", "digest")) {
            assertEquals(snapshot.get("db." + SRC + "." + f), byKey.get("db." + SRC + "." + f), f);
        }
        assertEquals(Integer.toString(keys), byKey.get("db." + SRC + ".keys"));
        try (RespConnection c = RespConnection.open(SHARED.withDb(SRC))) {
            c.call("RPUSH", "k7003", "more"); // a list (7003 % 5 == 3)
        }
        Map<String, String> changed = KeyspaceFigures.read(SHARED, Set.of(SRC)).orElseThrow();
        assertNotEquals(byKey.get("db." + SRC + ".digest"), changed.get("db." + SRC + ".digest"));
    }

    @Test
    void theDigestOfTheSnapshotMatchesTheSameDataWrittenInAnotherOrderAndSeesAChange() throws Exception {
        fill(SHARED.withDb(SRC));
        ComponentResult first =
                new RedisSource(SHARED).backup(new DirectorySink(Files.createDirectory(dir.resolve("a"))));
        // the same content, built in another order and with other encodings on the way, in db 12
        try (RespConnection c = RespConnection.open(SHARED.withDb(SRC))) {
            for (Object key : List.of(
                    "str:int",
                    "str:raw",
                    "str:big",
                    "list:small",
                    "list:big",
                    "set:ints",
                    "set:strs",
                    "set:big",
                    "zset:small",
                    "zset:big",
                    "hash:small",
                    "hash:big",
                    "stream",
                    "ttl:str",
                    "ttl:hash",
                    "ttl:list",
                    "ttl:at",
                    new byte[] {0, (byte) 0xff, 'k', '\n'})) {
                c.call("COPY", key, key, "DB", Integer.toString(DST));
            }
        }
        try (RespConnection c = RespConnection.open(SHARED.withDb(DST))) {
            c.call("DEL", "set:big");
            for (int i = 1999; i >= 0; i--) {
                c.send("SADD", "set:big", "member-" + i);
            }
            awaitReplies(c);
        }
        ComponentResult both =
                new RedisSource(SHARED).backup(new DirectorySink(Files.createDirectory(dir.resolve("b"))));
        assertEquals(both.figures().get("db." + SRC + ".digest"), both.figures().get("db." + DST + ".digest"));
        assertEquals(
                first.figures().get("db." + SRC + ".digest"), both.figures().get("db." + SRC + ".digest"));

        try (RespConnection c = RespConnection.open(SHARED.withDb(SRC))) {
            c.call("HSET", "hash:big", "field-7", "changed");
        }
        ComponentResult changed =
                new RedisSource(SHARED).backup(new DirectorySink(Files.createDirectory(dir.resolve("c"))));
        assertFalse(first.figures()
                .get("db." + SRC + ".digest")
                .equals(changed.figures().get("db." + SRC + ".digest")));
        assertEquals(
                first.figures().get("db." + SRC + ".keys"), changed.figures().get("db." + SRC + ".keys"));
    }

    /**
     * A backup of Redis 8.0 (RDB 12: the golden file of {@link RdbGoldenFilesTest}) restored into this machine's Redis
     * 7.0, which reads up to RDB 10 (Redis never loads a newer RDB version). Before: the target db was flushed
     * (REPLACE_ALL), then the first RESTORE failed with "DUMP payload version or checksum are wrong": the restore
     * emptied the database it could not fill. Now it is refused before anything is changed, naming both versions.
     */
    @Test
    void aBackupOfANewerRedisIsRefusedBeforeTheTargetIsTouched() throws Exception {
        try (RespConnection c = RespConnection.open(SHARED.withDb(DST))) {
            c.call("SET", "live-data", "stays");
        }
        Map<String, String> figures = new TreeMap<>();
        RedisFigures backup = new RedisFigures();
        new RdbReader(RdbGoldenFilesTest.class.getResourceAsStream("/redis-rdb/redis-8.0.2.rdb")).read(backup);
        figures.putAll(backup.figures());
        figures.put("rdb_version", "12");
        StreamOpener redis8 = name -> RdbGoldenFilesTest.class.getResourceAsStream("/redis-rdb/redis-8.0.2.rdb");

        SourceException e = assertThrows(
                SourceException.class,
                () -> new RedisRestorer()
                        .restore(
                                redis8,
                                figures,
                                new RedisRestoreOptions(SHARED, 0, DST, RedisRestoreOptions.Mode.REPLACE_ALL)));
        assertTrue(
                e.getMessage().contains("RDB version 12") && e.getMessage().contains("nothing was changed"),
                e.getMessage());
        try (RespConnection c = RespConnection.open(SHARED.withDb(DST))) {
            assertEquals(
                    "stays",
                    new String((byte[]) c.call("GET", "live-data"), StandardCharsets.UTF_8),
                    "the target's data is untouched");
            assertEquals(1L, c.call("DBSIZE"), "no probe or partial key left behind");
        }
    }

    @Test
    void restoresIntoAnotherServerOnlineAndAsAnRdbFileForAColdStart() throws Exception {
        fill(SHARED.withDb(SRC));
        Map<String, String> original = RedisContent.read(SHARED.withDb(SRC));
        DirectorySink sink = new DirectorySink(dir);
        ComponentResult result = new RedisSource(SHARED).backup(sink);

        try (PrivateRedis other = PrivateRedis.start(Files.createDirectory(dir.resolve("other")), null)) {
            RedisLocation target = other.location();
            try (RespConnection c = RespConnection.open(target.withDb(4))) {
                c.call("SET", "stays-in-merge", "1");
            }
            RestoreOutcome merged = new RedisRestorer()
                    .restore(
                            sink,
                            result.figures(),
                            new RedisRestoreOptions(target, SRC, 4, RedisRestoreOptions.Mode.MERGE));
            assertEquals(
                    List.of("db.4.digest", "db.4.keys"),
                    merged.comparison().differences().stream()
                            .map(Comparison.Entry::name)
                            .toList());
            Map<String, String> withExtra = RedisContent.read(target.withDb(4));
            assertEquals(original.size() + 1, withExtra.size());

            RestoreOutcome replaced = new RedisRestorer()
                    .restore(
                            sink,
                            result.figures(),
                            new RedisRestoreOptions(target, SRC, 4, RedisRestoreOptions.Mode.REPLACE_ALL));
            assertTrue(
                    replaced.comparison().allEqual(),
                    () -> "differences: " + replaced.comparison().differences());
            assertEquals(original, RedisContent.read(target.withDb(4)));
        }

        Path cold = Files.createDirectory(dir.resolve("cold"));
        RestoreOutcome asFile = new RedisRestorer().writeRdbFile(sink, result.figures(), cold.resolve("dump.rdb"));
        assertTrue(
                asFile.comparison().allEqual(),
                () -> "differences: " + asFile.comparison().differences());
        assertThrows(
                SourceException.class,
                () -> new RedisRestorer().writeRdbFile(sink, result.figures(), cold.resolve("dump.rdb")),
                "never over an existing file");
        try (PrivateRedis coldStarted = PrivateRedis.start(cold, "dump.rdb")) {
            assertEquals(original, RedisContent.read(coldStarted.location().withDb(SRC)));
        }
    }

    /**
     * The proof of an online restore reads every key back in the write's own pipeline ({@link ReadBackFigures}): the
     * target is neither scanned nor snapshotted, yet every key was read (one PEXPIRETIME each; MGET for the strings,
     * DUMP for the rest) and counted (DBSIZE), and the figures are equal.
     */
    @Test
    void anOnlineRestoreIsProvenByReadingEveryKeyBackWithoutAScanOrASnapshot() throws Exception {
        fill(SHARED.withDb(SRC));
        DirectorySink stored = new DirectorySink(dir);
        Map<String, String> backupFigures =
                new RedisSource(SHARED).backup(stored).figures();
        Path serverDir = Files.createDirectory(dir.resolve("read-back"));

        try (PrivateRedis server = PrivateRedis.start(serverDir, null)) {
            try (RespConnection c = RespConnection.open(server.location())) {
                c.call("CONFIG", "RESETSTAT");
            }
            RestoreOutcome outcome = new RedisRestorer()
                    .restore(
                            stored,
                            backupFigures,
                            new RedisRestoreOptions(server.location(), SRC, 3, RedisRestoreOptions.Mode.REPLACE_ALL));

            assertTrue(
                    outcome.comparison().allEqual(),
                    () -> "differences: " + outcome.comparison().differences());
            Map<String, Long> calls = commandCalls(server.location());
            assertFalse(calls.containsKey("scan"), () -> "scanned: " + calls);
            assertFalse(calls.containsKey("sync") || calls.containsKey("psync"), () -> "snapshotted: " + calls);
            Map<String, String> restored = RedisContent.read(server.location().withDb(3));
            assertEquals(RedisContent.read(SHARED.withDb(SRC)), restored);
            long notStrings = restored.values().stream()
                    .filter(v -> !v.startsWith("string|"))
                    .count();
            assertEquals(restored.size() + 1, calls.get("pexpiretime"), "every key's expiry, and the probe");
            assertEquals(notStrings, calls.get("dump"), "every key that is not a string");
            assertTrue(calls.get("mget") >= 1, () -> "the strings: " + calls);
            assertEquals(1, calls.get("dbsize"));
        }
    }

    /** Calls per command since the last CONFIG RESETSTAT ({@code INFO commandstats}), by lower-case name. */
    private static Map<String, Long> commandCalls(RedisLocation at) throws IOException {
        Map<String, Long> calls = new TreeMap<>();
        try (RespConnection c = RespConnection.open(at)) {
            String info = new String((byte[]) c.call("INFO", "commandstats"), StandardCharsets.US_ASCII);
            for (String line : info.split("\r\n")) {
                if (line.startsWith("cmdstat_")) {
                    String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                    String n = line.substring(line.indexOf("calls=") + 6);
                    calls.put(name, Long.parseLong(n.substring(0, n.indexOf(','))));
                }
            }
        }
        return calls;
    }

    @Test
    void anUnreachableServerFailsWithTheReasonAndHandsNothingToTheSink() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        DirectorySink sink = new DirectorySink(dir);
        SourceException e = assertThrows(
                SourceException.class,
                () -> new RedisSource(RedisLocation.parse("redis://:hunter2@127.0.0.1:" + closedPort + "/0"))
                        .backup(sink));
        assertTrue(
                e.getMessage().contains("cannot connect to Redis at redis://127.0.0.1:" + closedPort), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
        assertFalse(sink.has(RedisSource.STREAM));
    }

    /** Every type in small (compact) and large encodings, TTLs, binary keys and values. */
    static void fill(RedisLocation at) throws IOException {
        Random rnd = new Random(42);
        long future = System.currentTimeMillis() + 3_600_000L;
        try (RespConnection c = RespConnection.open(at)) {
            c.call("SET", "str:int", "12345");
            c.call("SET", "str:raw", "hello wörld");
            byte[] big = new byte[3 << 20];
            rnd.nextBytes(big);
            for (int i = 0; i < big.length / 2; i++) {
                big[i] = (byte) ('a' + i % 7); // half compressible (LZF), half random
            }
            c.call("SET", "str:big", big);
            c.call("SET", new byte[] {0, (byte) 0xff, 'k', '\n'}, new byte[] {(byte) 0x80, 0, '\r', '\n', 1});
            c.call("RPUSH", "list:small", "a", "1", "-300", "70000", "", "x".repeat(100));
            for (int i = 0; i < 20000; i++) {
                c.send("RPUSH", "list:big", i % 3 == 0 ? Integer.toString(i) : "element-" + i);
            }
            awaitReplies(c);
            c.call("SADD", "set:ints", "1", "2", "-5", "4294967296");
            c.call("SADD", "set:strs", "a", "b", "c");
            for (int i = 0; i < 2000; i++) {
                c.send("SADD", "set:big", "member-" + i);
            }
            awaitReplies(c);
            c.call("ZADD", "zset:small", "1.5", "a", "-2", "b", "inf", "c", "0", "d");
            for (int i = 0; i < 1000; i++) {
                c.send("ZADD", "zset:big", Double.toString(i / 3.0), "m" + i);
            }
            awaitReplies(c);
            c.call("ZADD", "zset:big", "-inf", "lowest");
            c.call("HSET", "hash:small", "f1", "v1", "f2", "2", "f3", "");
            for (int i = 0; i < 1000; i++) {
                c.send("HSET", "hash:big", "field-" + i, "value-" + i);
            }
            awaitReplies(c);
            c.call("XADD", "stream", "1-1", "a", "1", "b", "two");
            c.call("XADD", "stream", "2-1", "a", "3");
            c.call("XADD", "stream", "3-0", "other", "fields");
            c.call("XGROUP", "CREATE", "stream", "grp", "0");
            c.call("XREADGROUP", "GROUP", "grp", "alice", "COUNT", "2", "STREAMS", "stream", ">");
            c.call("XDEL", "stream", "2-1");
            c.call("SET", "ttl:str", "x", "PX", "3600000");
            c.call("HSET", "ttl:hash", "f", "v");
            c.call("PEXPIREAT", "ttl:hash", Long.toString(future));
            c.call("RPUSH", "ttl:list", "x");
            c.call("EXPIRE", "ttl:list", "7200");
            c.call("SET", "ttl:at", "y");
            c.call("PEXPIREAT", "ttl:at", Long.toString(future + 123));
            c.call("PING");
        }
    }

    /** Reads the replies of every command sent without waiting, failing on an error reply. */
    private static void awaitReplies(RespConnection c) throws IOException {
        c.send("ECHO", "end-of-batch");
        c.flush();
        while (true) {
            Object r = c.read();
            if (r instanceof RespConnection.Error e) {
                throw new IOException(e.message());
            }
            if (r instanceof byte[] b && new String(b, StandardCharsets.US_ASCII).equals("end-of-batch")) {
                return;
            }
        }
    }

    /** A client's view of one db: per key (hex) its type, absolute expiry and full value. */
    static final class RedisContent {
        @SuppressWarnings("unchecked")
        static Map<String, String> read(RedisLocation at) throws IOException {
            Map<String, String> out = new TreeMap<>();
            try (RespConnection c = RespConnection.open(at)) {
                String cursor = "0";
                List<byte[]> keys = new ArrayList<>();
                do {
                    List<Object> r = (List<Object>) c.call("SCAN", cursor, "COUNT", "1000");
                    cursor = new String((byte[]) r.get(0), StandardCharsets.US_ASCII);
                    for (Object k : (List<Object>) r.get(1)) {
                        keys.add((byte[]) k);
                    }
                } while (!cursor.equals("0"));
                for (byte[] k : keys) {
                    String type = (String) c.call("TYPE", k);
                    Object value = switch (type) {
                        case "string" -> HexFormat.of().formatHex((byte[]) c.call("GET", k));
                        case "list" -> render(c.call("LRANGE", k, "0", "-1"));
                        case "set" ->
                            new java.util.TreeSet<>(((List<Object>) c.call("SMEMBERS", k))
                                            .stream().map(RedisContent::render).toList())
                                    .toString();
                        case "zset" -> render(c.call("ZRANGE", k, "0", "-1", "WITHSCORES"));
                        case "hash" -> new TreeMap<>(pairs((List<Object>) c.call("HGETALL", k))).toString();
                        case "stream" ->
                            render(c.call("XRANGE", k, "-", "+")) + render(c.call("XINFO", "STREAM", k, "FULL"));
                        default -> throw new IllegalStateException(type);
                    };
                    out.put(HexFormat.of().formatHex(k), type + "|" + c.call("PEXPIRETIME", k) + "|" + value);
                }
            }
            return out;
        }

        private static Map<String, String> pairs(List<Object> flat) {
            Map<String, String> m = new TreeMap<>();
            for (int i = 0; i < flat.size(); i += 2) {
                m.put(render(flat.get(i)), render(flat.get(i + 1)));
            }
            return m;
        }

        @SuppressWarnings("unchecked")
        static String render(Object o) {
            if (o instanceof byte[] b) {
                return HexFormat.of().formatHex(b);
            }
            if (o instanceof List<?> l) {
                return ((List<Object>) l)
                        .stream().map(RedisContent::render).toList().toString();
            }
            return String.valueOf(o);
        }
    }

    /** A redis-server of our own on a free port, with its data in {@code dir}. */
    record PrivateRedis(Process process, int port) implements AutoCloseable {
        static PrivateRedis start(Path dir, String dbfilename) throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> cmd = new ArrayList<>(List.of(
                    "redis-server",
                    "--port",
                    Integer.toString(port),
                    "--bind",
                    "127.0.0.1",
                    "--dir",
                    dir.toString(),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--repl-diskless-sync-delay",
                    "0"));
            if (dbfilename != null) {
                cmd.addAll(List.of("--dbfilename", dbfilename));
            }
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
            PrivateRedis r = new PrivateRedis(p, port);
            long deadline = System.currentTimeMillis() + 10_000;
            while (true) {
                try (RespConnection c = RespConnection.open(r.location())) {
                    if ("PONG".equals(c.call("PING"))) {
                        Object loading = c.call("INFO", "persistence");
                        if (!new String((byte[]) loading, StandardCharsets.US_ASCII).contains("loading:1")) {
                            return r;
                        }
                    }
                } catch (IOException e) {
                    if (System.currentTimeMillis() > deadline) {
                        p.destroyForcibly();
                        throw e;
                    }
                }
                Thread.sleep(50);
            }
        }

        RedisLocation location() {
            return RedisLocation.parse("redis://127.0.0.1:" + port + "/0");
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
