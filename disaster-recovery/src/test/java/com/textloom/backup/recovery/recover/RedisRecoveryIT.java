package com.textloom.backup.recovery.recover;

import static com.textloom.backup.recovery.recover.World.apiKey;
import static com.textloom.backup.recovery.recover.World.config;
import static com.textloom.backup.recovery.recover.World.redis;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * redis_failure against a real redis-server (the test's own, {@link PrivateRedis}), the real broker and the packaged
 * manager: backed up through the manager, drilled into the spare db (proven, emptied after), then FLUSHALL'd for
 * real and recovered, then shut down for real (a dry run changes nothing, not even starting it) and recovered: the
 * restart hook starts it, the manager restores it. Equality is Redis's own {@code DEBUG DIGEST} of the whole
 * dataset, independent of the manager's figures.
 */
@QuarkusTest
@WithTestResource(RecoveryWorld.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisRecoveryIT {
    private static String backupId;
    private static String digest;

    @Test
    @Order(1)
    void backUpThroughTheManager() throws Exception {
        digest = redis().digest();
        backupId = backUpRedis();
    }

    /** A backup of the redis component through the manager's REST API; its id. */
    static String backUpRedis() {
        String op = World.manager()
                .contentType(ContentType.JSON)
                .body(Map.of("type", "full", "components", List.of("redis")))
                .post("/api/backups")
                .then()
                .statusCode(202)
                .extract()
                .path("operation_id");
        JsonPath done = DatabaseRecoveryIT.awaitManager(op);
        assertEquals("success", done.getString("status"), done.prettify());
        return done.getString("result.backup_id");
    }

    @Test
    @Order(2)
    void drillRestoresIntoTheSpareDbAndEmptiesItAfter() throws Exception {
        JsonPath d = DatabaseRecoveryIT.await("/api/drills/"
                + given().header("X-API-Key", apiKey())
                        .contentType(ContentType.JSON)
                        .body(Map.of("scenario", "redis_failure"))
                        .post("/api/drills")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("drill_id"));
        assertEquals("success", d.getString("status"), d.prettify());
        assertEquals(Boolean.TRUE, d.get("verified"));
        assertEquals("redis", d.getString("proof[0].component"));
        assertTrue(d.getString("proof[0].detail").contains("db.7.keys=205"), d.prettify());
        assertEquals(
                "redis://127.0.0.1:" + config("test.redis-port") + "/7 (spare db, emptied first)",
                d.getString("plan.targets.redis"));
        assertEquals("0", redis().cli(7, "DBSIZE"), "the spare db is emptied after the drill");
        assertEquals(digest, redis().digest(), "production untouched");
        assertEquals(600, d.getLong("rto_target_seconds"));
    }

    @Test
    @Order(3)
    void flushedRedisIsRecoveredEqual() throws Exception {
        redis().cli(0, "FLUSHALL");
        String flushed = redis().digest();
        assertNotEquals(digest, flushed);
        List<String> backupsBefore = DatabaseRecoveryIT.managerBackups();
        JsonPath dry = recover(true);
        assertEquals("success", dry.getString("status"), dry.prettify());
        assertTrue(
                steps(dry).get("restore_redis").startsWith("success: dry run: the manager's dry run"), dry.prettify());
        assertEquals(flushed, redis().digest(), "a dry run of a flushed Redis that answers restores nothing");
        assertEquals(backupsBefore, DatabaseRecoveryIT.managerBackups(), "a dry run takes no safety backup");

        JsonPath done = recover(false);
        assertEquals("success", done.getString("status"), done.prettify());
        assertEquals(digest, redis().digest(), "every db as backed up, by Redis's own digest");
        assertTrue(steps(done).get("start_redis").startsWith("success: Redis answers at"), done.prettify());
        assertTrue(
                steps(done).get("choose_path").contains("answers (its data is lost, the server is not down)"),
                done.prettify());
        assertTrue(steps(done).get("prove").startsWith("success"), done.prettify());
        assertEquals(backupId, done.getString("backup_id"));
    }

    @Test
    @Order(4)
    void redisThatIsDownIsStartedByTheHookAndRecovered() throws Exception {
        redis().kill();
        JsonPath dry = recover(true);
        assertEquals("success", dry.getString("status"), dry.prettify());
        assertTrue(
                steps(dry).get("start_redis").contains("does not answer")
                        && steps(dry).get("start_redis").contains("would run"),
                dry.prettify());
        assertTrue(
                steps(dry).get("choose_path").startsWith("success: online RESTORE")
                        && steps(dry).get("choose_path").contains("BACKUP_DR_REDIS_DATA_DIR is not set"),
                dry.prettify());
        assertThrows(
                java.io.IOException.class,
                () -> new Socket("127.0.0.1", Integer.parseInt(config("test.redis-port"))).close(),
                "a dry run starts nothing");

        JsonPath done = recover(false);
        assertEquals("success", done.getString("status"), done.prettify());
        assertTrue(steps(done).get("start_redis").contains("answers now"), done.prettify());
        assertTrue(steps(done).get("choose_path").startsWith("success: online RESTORE"), done.prettify());
        assertEquals(digest, redis().digest());
    }

    /** A redis_failure recovery (forced), followed until it ends. */
    static JsonPath recover(boolean dryRun) {
        String id = given().header("X-API-Key", apiKey())
                .contentType(ContentType.JSON)
                .body(Map.of("scenario", "redis_failure", "force", true, "dry_run", dryRun))
                .post("/api/recoveries")
                .then()
                .statusCode(202)
                .extract()
                .path("recovery_id");
        return DatabaseRecoveryIT.await("/api/recoveries/" + id);
    }

    /** Step name → {@code status: detail}. */
    static Map<String, String> steps(JsonPath run) {
        Map<String, String> out = new TreeMap<>();
        List<Map<String, Object>> list = run.getList("steps");
        list.forEach(s -> out.put((String) s.get("name"), s.get("status") + ": " + s.get("detail")));
        return out;
    }
}
