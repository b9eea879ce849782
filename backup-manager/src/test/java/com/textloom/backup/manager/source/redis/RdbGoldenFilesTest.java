package com.textloom.backup.manager.source.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.textloom.backup.manager.source.RestoreOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden RDB files written by real Redis servers of three versions (test resources {@code redis-rdb/}, made by its
 * {@code generate.py}): 6.2.11 (RDB 9: ziplists), 7.0.15 (RDB 10: listpacks, this machine's Redis) and 8.0.2 (RDB 12:
 * slot info, hashes whose fields expire in both their listpack and hash-table forms). The same data set in each:
 * strings (plain with an expiry, integer, long), lists, sets (integers, small, large), sorted sets, hashes, a stream
 * with a consumer group, a key in db 3.
 *
 * <p>The oracle is the server itself: for every key, {@code keys-<version>.json} holds what that server answered to
 * {@code DUMP} (the type byte, the value as {@code rdbSaveObject} writes it — the same bytes as in the RDB file — then
 * the RDB version and a CRC) and {@code PEXPIRETIME}. The reader must find exactly those keys, in the right db,
 * with that expiry, and give each value's bytes exactly as the server serialises them: that is what the backup
 * keeps and what {@code RESTORE} gets back.
 */
class RdbGoldenFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "Redis {0}, RDB version {1}")
    @CsvSource({"6.2.11, 9", "7.0.15, 10", "8.0.2, 12"})
    void everyKeyOfARealServersFileIsReadAsTheServerDumpsIt(String server, int rdbVersion) throws IOException {
        JsonNode expected = JSON.readTree(resource("keys-" + server + ".json"));
        assertEquals("redis_version:" + server, expected.path("server").asText());
        Map<String, JsonNode> dumps = new LinkedHashMap<>();
        for (JsonNode k : expected.path("keys")) {
            dumps.put(k.path("db").asInt() + ":" + k.path("key").asText(), k);
        }
        Map<String, String> seen = new LinkedHashMap<>();
        RdbReader reader = new RdbReader(resource("redis-" + server + ".rdb"));
        reader.read((db, key, expireAtMs, type, value) -> {
            String name = db + ":" + new String(key, StandardCharsets.UTF_8);
            JsonNode want = dumps.get(name);
            assertNotNull(want, "a key the server did not have: " + name);
            byte[] dump = HexFormat.of().parseHex(want.path("dump").asText());
            // DUMP = type byte, value, RDB version (2 bytes, little-endian), CRC-64 (8 bytes)
            assertEquals(dump[0] & 0xff, type, name + ": type");
            assertArrayEquals(Arrays.copyOfRange(dump, 1, dump.length - 10), value, name + ": value bytes");
            assertEquals(
                    rdbVersion,
                    (dump[dump.length - 10] & 0xff) | (dump[dump.length - 9] & 0xff) << 8,
                    name + ": the DUMP's RDB version");
            assertEquals(want.path("expire_at_ms").asLong(), expireAtMs, name + ": expiry");
            seen.put(name, want.path("type").asText());
        });
        assertEquals(rdbVersion, reader.version());
        assertEquals(dumps.keySet(), seen.keySet(), "every key of the file, once");
    }

    @ParameterizedTest(name = "Redis {0}")
    @CsvSource({"6.2.11", "7.0.15", "8.0.2"})
    void theFiguresCountTheKeysPerDatabase(String server) throws IOException {
        RedisFigures figures = new RedisFigures();
        new RdbReader(resource("redis-" + server + ".rdb")).read(figures);
        JsonNode keys = JSON.readTree(resource("keys-" + server + ".json")).path("keys");
        long db0 = 0;
        for (JsonNode k : keys) {
            db0 += k.path("db").asInt() == 0 ? 1 : 0;
        }
        assertEquals(Long.toString(db0), figures.figures().get("db.0.keys"));
        assertEquals("1", figures.figures().get("db.3.keys"));
        assertEquals("1", figures.figures().get("db.0.expires"), "string:plain expires, nothing else does");
    }

    @ParameterizedTest(name = "Redis {0}")
    @CsvSource({"7.0.15, 10, Redis 7.0", "8.0.2, 12, Redis 7.4 or 8.x"})
    void aWrittenRdbFileNamesTheOldestRedisThatCanStartOnIt(
            String server, int rdbVersion, String oldest, @TempDir Path dir) throws Exception {
        RestoreOutcome outcome = new RedisRestorer()
                .writeRdbFile(stream -> resource("redis-" + server + ".rdb"), Map.of(), dir.resolve("dump.rdb"));
        String note = String.join("; ", outcome.notes());
        assertTrue(
                note.contains("the file is RDB version " + rdbVersion + ": start " + oldest
                        + " or newer, an older Redis refuses to start on it"),
                note);
    }

    private static InputStream resource(String name) {
        InputStream in = RdbGoldenFilesTest.class.getResourceAsStream("/redis-rdb/" + name);
        assertNotNull(in, "test resource redis-rdb/" + name);
        return in;
    }
}
