package com.textloom.backup.recovery.assess;

import com.textloom.backup.recovery.assess.CheckReport.CheckResult;
import com.textloom.backup.recovery.catalog.BackupInfo;
import com.textloom.backup.recovery.scenario.Scenario;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The protected Redis (REDIS_URL), through the Quarkus Redis client's Vert.x client on its own short-lived
 * connection: {@code PING}, role, used memory against {@code maxmemory}, the last persistence error, and data loss:
 * per db, keys now against {@code db.<n>.keys} of the newest good redis backup; a db that recorded keys and now holds
 * fewer than {@code BACKUP_DR_KEY_LOSS_RATIO} of them (a flushed db: none) lost data, although the server answers.
 *
 * <p>Critical ({@code redis_failure}): unreachable, refused, {@code PING} not answered, data lost. Degraded: memory
 * above 90 % of {@code maxmemory}, the last RDB save or AOF write failed, a replica whose link to its master is down.
 * Sends {@code PING} and {@code INFO} only.
 */
public final class RedisCheck {

    static final String NAME = "redis";

    private final Vertx vertx;

    RedisCheck(Vertx vertx) {
        this.vertx = vertx;
    }

    CheckResult run(AssessSettings settings, Deadline deadline, Supplier<Baseline> baseline) {
        CheckReport r = new CheckReport(NAME);
        if (settings.redisUrl() == null) {
            return r.skipped("REDIS_URL is not set: Redis is not checked").done();
        }
        String where = SafeUrl.describe(settings.redisUrl());
        r.fact("url", where);
        int ms = (int) Math.min(Integer.MAX_VALUE, deadline.remainingMillis());
        NetClientOptions net = new NetClientOptions()
                .setConnectTimeout(ms)
                .setIdleTimeout(ms + 1000)
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        Redis client;
        try {
            client = Redis.createClient(
                    vertx,
                    new RedisOptions()
                            .setConnectionString(settings.redisUrl().strip())
                            .setNetClientOptions(net)
                            .setMaxPoolSize(1)
                            .setMaxPoolWaiting(1));
        } catch (RuntimeException e) {
            return r.critical("REDIS_URL cannot be read as a Redis URL", null).done();
        }
        Future<RedisConnection> connecting = client.connect();
        RedisConnection connection = null;
        try {
            connection = deadline.await(connecting);
            String pong = String.valueOf(deadline.await(connection.send(Request.cmd(Command.PING))));
            r.fact("ping", pong);
            Map<String, String> info = info(String.valueOf(deadline.await(connection.send(Request.cmd(Command.INFO)))));
            inspect(r, info, settings, baseline);
        } catch (TimeoutException e) {
            connecting.onSuccess(RedisConnection::close); // should it still come, nobody uses it
            r.critical("Redis at " + where + ": " + deadline.noAnswer(), Scenario.REDIS_FAILURE);
        } catch (Exception e) {
            r.critical(
                    "Redis at " + where + " is unreachable or refused: "
                            + SafeUrl.scrub(e.getMessage(), settings.redisUrl()),
                    Scenario.REDIS_FAILURE);
        } finally {
            if (connection != null) {
                connection.close();
            }
            client.close();
        }
        if (CheckReport.CRITICAL.equals(r.status())) {
            recommend(r, baseline.get());
        }
        return r.done();
    }

    private static void inspect(
            CheckReport r, Map<String, String> info, AssessSettings settings, Supplier<Baseline> baseline) {
        String role = info.getOrDefault("role", "unknown");
        long used = number(info.get("used_memory"));
        long max = number(info.get("maxmemory"));
        r.fact("server_version", info.get("redis_version"))
                .fact("role", role)
                .fact("used_memory_bytes", used)
                .fact("maxmemory_bytes", max)
                .fact(
                        "total_error_replies",
                        info.containsKey("total_error_replies") ? number(info.get("total_error_replies")) : null);
        if (max > 0 && used * 10 > max * 9) {
            r.degraded("memory " + used + " of maxmemory " + max + " bytes used");
            r.recommend("Redis uses over 90 % of maxmemory: raise maxmemory or check the eviction policy"
                    + " (maxmemory-policy " + info.getOrDefault("maxmemory_policy", "?")
                    + ") before writes are refused.");
        }
        if ("err".equals(info.get("rdb_last_bgsave_status"))) {
            r.fact("last_error", "rdb_last_bgsave_status:err");
            r.degraded("the last RDB save failed (Redis may refuse writes with MISCONF)");
            r.recommend("Redis could not save its RDB file: check the disk and permissions of its data directory"
                    + " (INFO persistence, the Redis log).");
        }
        if ("err".equals(info.get("aof_last_write_status"))) {
            r.fact("last_error", "aof_last_write_status:err");
            r.degraded("the last AOF write failed");
            r.recommend("Redis could not write its AOF: check the disk of its data directory.");
        }
        if ("slave".equals(role) && "down".equals(info.get("master_link_status"))) {
            r.degraded("replica whose link to its master is down");
        }
        Map<Integer, Long> now = keyspace(info);
        r.fact("keys", now.values().stream().mapToLong(Long::longValue).sum());
        Baseline b = baseline.get();
        BackupInfo backup = b.of("redis").orElse(null);
        String state = "answers PING, role " + role + ", " + now.size() + " db(s) with keys";
        if (backup == null) {
            r.fact("data_loss_checked", false);
            r.summary(state + "; data loss not checked: "
                    + (b.available() ? "no good redis backup to compare with" : b.error()));
            return;
        }
        Map<Integer, Long> recorded = recordedKeys(backup);
        List<String> lost = new ArrayList<>();
        Map<String, Map<String, Long>> perDb = new LinkedHashMap<>();
        recorded.forEach((db, keys) -> {
            long current = now.getOrDefault(db, 0L);
            perDb.put("db" + db, Map.of("recorded", keys, "now", current));
            if (keys > 0 && current < keys * settings.keyLossRatio()) {
                lost.add("db" + db + " holds " + current + " keys, backup recorded " + keys);
            }
        });
        r.fact("data_loss_checked", true)
                .fact("compared_with_backup", backup.backupId())
                .fact("key_counts", perDb);
        if (!lost.isEmpty()) {
            r.fact("lost_dbs", lost);
            r.critical(
                    "data loss against backup " + backup.backupId() + ": " + String.join(", ", lost),
                    Scenario.REDIS_FAILURE);
        }
        r.summary(state + "; key counts of backup " + backup.backupId() + " kept");
    }

    /** {@code db.<n>.keys} figures of the redis component. */
    public static Map<Integer, Long> recordedKeys(BackupInfo backup) {
        Map<Integer, Long> out = new TreeMap<>();
        BackupInfo.ComponentInfo redis = backup.components().get("redis");
        if (redis == null) {
            return out;
        }
        redis.figures().forEach((key, value) -> {
            if (key.startsWith("db.") && key.endsWith(".keys")) {
                try {
                    out.put(
                            Integer.parseInt(key.substring(3, key.length() - 5)),
                            Long.parseLong(String.valueOf(value)));
                } catch (NumberFormatException ignored) {
                    // not a db figure
                }
            }
        });
        return out;
    }

    /** INFO's {@code name:value} lines. */
    public static Map<String, String> info(String text) {
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                out.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return out;
    }

    /** Keys per db from INFO keyspace ({@code db0:keys=12,expires=0,avg_ttl=0}). */
    public static Map<Integer, Long> keyspace(Map<String, String> info) {
        Map<Integer, Long> out = new TreeMap<>();
        info.forEach((name, value) -> {
            if (name.matches("db[0-9]+")) {
                for (String part : value.split(",")) {
                    if (part.startsWith("keys=")) {
                        out.put(Integer.parseInt(name.substring(2)), number(part.substring(5)));
                    }
                }
            }
        });
        return out;
    }

    /** A whole number of INFO, 0 when absent or not a number. */
    public static long number(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void recommend(CheckReport r, Baseline b) {
        BackupInfo backup = b.of("redis").orElse(null);
        if (backup != null) {
            r.recommend(
                    "Redis: restore its data from backup " + backup.backupId() + " (" + backup.time() + "): see the"
                            + " plan with `scripts/disaster_recovery.sh recover --scenario redis_failure --dry-run`, then run it"
                            + " without --dry-run (it restarts the server through BACKUP_DR_REDIS_RESTART_COMMAND when it is down).");
        } else {
            r.recommend("Redis is down or lost data and "
                    + (b.available() ? "no good redis backup exists" : "the backup catalogue cannot be read")
                    + ": restart the server, start the backup manager, and see"
                    + " `scripts/disaster_recovery.sh recover --scenario redis_failure --dry-run`.");
        }
    }
}
