package com.textloom.backup.recovery.recover;

import static com.textloom.backup.recovery.recover.World.config;
import static com.textloom.backup.recovery.recover.World.redis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * redis_failure's two paths on the same real data (a private redis-server whose data directory is
 * BACKUP_DR_REDIS_DATA_DIR, under the packaged manager's BACKUP_RESTORE_ROOTS; {@code -Dtest.redis-keys} more keys,
 * default 20 000): flushed but answering → the online RESTORE; {@code kill -9}'d with a stale RDB file of its own → a
 * dry run says cold start and why and changes nothing; the recovery sets the stale file aside (kept byte for byte),
 * has the manager write the backup's RDB file, starts the server through the hook and proves it. Equality is Redis's
 * own {@code DEBUG DIGEST}. Both runs print their step times (the README's figures).
 */
@QuarkusTest
@WithTestResource(value = RecoveryWorld.class, initArgs = @ResourceArg(name = "redis", value = "cold"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisColdStartIT {
    private static String backupId;
    private static String digest;

    @Test
    @Order(1)
    void backUpThroughTheManager() throws Exception {
        digest = redis().digest();
        backupId = RedisRecoveryIT.backUpRedis();
    }

    @Test
    @Order(2)
    void aFlushedServerThatAnswersTakesTheOnlinePath() throws Exception {
        redis().cli(0, "FLUSHALL");
        JsonPath done = RedisRecoveryIT.recover(false);
        assertEquals("success", done.getString("status"), done.prettify());
        Map<String, String> steps = RedisRecoveryIT.steps(done);
        assertTrue(
                steps.get("choose_path").startsWith("success: online RESTORE")
                        && steps.get("choose_path").contains("answers"),
                done.prettify());
        assertTrue(!steps.containsKey("set_aside_rdb"), done.prettify());
        assertEquals(digest, redis().digest());
        report("online RESTORE", done);
    }

    @Test
    @Order(3)
    void aCrashedServerIsStartedColdOnTheBackupsRdbFileAndItsOwnFileIsKept() throws Exception {
        Path dir = Path.of(config("test.redis-dir"));
        Path rdb = dir.resolve("dump.rdb");
        redis().cli(0, "SET", "written-after-the-backup", "lost with the crash's file");
        redis().cli(0, "SAVE");
        String stale = sha256(rdb);
        redis().crash();

        JsonPath dry = RedisRecoveryIT.recover(true);
        assertEquals("success", dry.getString("status"), dry.prettify());
        Map<String, String> planned = RedisRecoveryIT.steps(dry);
        assertTrue(
                planned.get("choose_path").startsWith("success: cold start from the backup's RDB file")
                        && planned.get("choose_path").contains("is down"),
                dry.prettify());
        assertTrue(planned.get("set_aside_rdb").contains("would rename " + rdb), dry.prettify());
        assertTrue(planned.get("restore_redis").contains("would write redis to " + rdb), dry.prettify());
        assertTrue(dry.getString("plan.targets.redis").startsWith(rdb + ", then redis://"), dry.prettify());
        assertThrows(
                java.io.IOException.class,
                () -> new Socket("127.0.0.1", Integer.parseInt(config("test.redis-port"))).close(),
                "a dry run starts nothing");
        assertEquals(stale, sha256(rdb), "a dry run sets nothing aside");

        JsonPath done = RedisRecoveryIT.recover(false);
        assertEquals("success", done.getString("status"), done.prettify());
        Map<String, String> steps = RedisRecoveryIT.steps(done);
        assertTrue(steps.get("choose_path").startsWith("success: cold start"), done.prettify());
        assertTrue(
                steps.get("start_redis").startsWith("success:")
                        && steps.get("start_redis").contains("server.db.0.keys="),
                done.prettify());
        assertTrue(
                steps.get("prove").startsWith("success") && steps.get("prove").contains("cold start on " + rdb),
                done.prettify());
        assertEquals(digest, redis().digest(), "every db as backed up, by Redis's own digest");
        assertEquals("", redis().cli(0, "GET", "written-after-the-backup"));
        List<Path> aside;
        try (Stream<Path> files = Files.list(dir)) {
            aside = files.filter(p -> p.getFileName().toString().startsWith("dump.rdb.failed_"))
                    .toList();
        }
        assertEquals(1, aside.size(), aside.toString());
        assertEquals(stale, sha256(aside.get(0)), "the server's own file is kept unchanged");
        assertNotEquals(stale, sha256(rdb));
        assertEquals(backupId, done.getString("backup_id"));
        report("cold start", done);
    }

    private static void report(String path, JsonPath run) throws Exception {
        StringBuilder line = new StringBuilder(
                "MEASURED redis_failure " + path + " (" + redis().cli(0, "DBSIZE") + " keys in db 0):");
        long total = 0;
        for (Map<String, Object> s : run.<Map<String, Object>>getList("steps")) {
            long ms = s.get("duration_ms") == null ? 0 : ((Number) s.get("duration_ms")).longValue();
            total += ms;
            line.append(' ').append(s.get("name")).append('=').append(ms).append("ms");
        }
        System.out.println(line.append(" total=").append(total).append("ms"));
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
