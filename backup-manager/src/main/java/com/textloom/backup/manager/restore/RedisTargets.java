package com.textloom.backup.manager.restore;

import com.textloom.backup.manager.source.redis.RedisLocation;
import com.textloom.backup.manager.source.redis.RespConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Which Redis servers a restore that is not in place may write to, and whether a target is the live server.
 * Guarantees:
 * <ul>
 *   <li>the target's host must be in {@code BACKUP_RESTORE_REDIS_HOSTS} ({@code host} or {@code host:port}); without
 *       that setting only the host and port of {@code REDIS_URL} are allowed;</li>
 *   <li>the live server is recognised by its {@code run_id} ({@code INFO server}), not by how its address is written
 *       ({@code REDIS}, its IP, {@code localhost} all name the same server): writing into the live server's live db
 *       is refused, and so is a target whose identity cannot be established;</li>
 *   <li>every connection has connect and read timeouts and bounded replies ({@link RespConnection}).</li>
 * </ul>
 */
public final class RedisTargets {

    /** How long the identity check waits for a server. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private RedisTargets() {}

    /**
     * Refuses a target whose host is not allowed.
     *
     * @throws IllegalArgumentException naming {@code target_redis}
     */
    public static void checkAllowed(RedisLocation target, RedisLocation live, List<String> allowed) {
        String host = target.host().toLowerCase(Locale.ROOT);
        String hostPort = host + ":" + target.port();
        List<String> list =
                allowed.isEmpty() ? List.of(live.host().toLowerCase(Locale.ROOT) + ":" + live.port()) : allowed;
        if (!list.contains(host) && !list.contains(hostPort)) {
            throw new RestoreRefusedException(
                    "target_redis",
                    "target_redis: " + hostPort + " is not in BACKUP_RESTORE_REDIS_HOSTS "
                            + (allowed.isEmpty()
                                    ? "(not set: only REDIS_URL's server " + list.get(0) + ")"
                                    : list.toString()));
        }
    }

    /**
     * Refuses writing into {@code target}'s db when it is the live db of the live server.
     *
     * @throws IllegalArgumentException naming {@code target_redis}, also when either server does not answer (a
     *                                  target that cannot be told apart from the live server is not written)
     */
    public static void checkNotLive(RedisLocation target, RedisLocation live) {
        if (target.db() != live.db()) {
            return;
        }
        String targetId;
        String liveId;
        try {
            targetId = runId(target);
        } catch (IOException e) {
            throw new RestoreRefusedException(
                    "target_redis",
                    "target_redis: cannot reach " + target + " to tell it from the live server: " + e.getMessage());
        }
        try {
            liveId = runId(live);
        } catch (IOException e) {
            throw new RestoreRefusedException(
                    "target_redis",
                    "target_redis: cannot reach the live Redis (REDIS_URL) to tell " + target + " apart from it: "
                            + e.getMessage() + "; restore into another db, or with \"in_place\": true");
        }
        if (targetId.equals(liveId)) {
            throw new RestoreRefusedException(
                    "target_redis",
                    "target_redis: " + target + " is the live Redis server (same run_id) and db " + target.db()
                            + " its live db; writing over it needs \"in_place\": true");
        }
    }

    /** The server's {@code run_id}, which differs between any two running servers. */
    static String runId(RedisLocation location) throws IOException {
        try (RespConnection c = RespConnection.open(location, TIMEOUT)) {
            Object info = c.call("INFO", "server");
            String text = info instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(info);
            for (String line : text.split("\r?\n")) {
                if (line.startsWith("run_id:")) {
                    return line.substring("run_id:".length()).strip();
                }
            }
            throw new IOException("Redis at " + location + " reports no run_id in INFO server");
        }
    }
}
