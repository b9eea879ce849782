package com.textloom.backup.repository.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The content of a lock file {@code locks/<id>} (FORMAT.md §9): who holds the lease, what kind,
 * since when and until when.
 *
 * @param id the lock id (the file name under {@code locks/})
 * @param kind shared or exclusive
 * @param host host of the holder
 * @param pid process id of the holder
 * @param process what the holder is doing ({@code textloom-backup repo prune},
 *     {@code backup-manager backup}); never a secret
 * @param created when the lock was taken
 * @param expires when the lease runs out unless refreshed
 * @param stamp the holder process's identity on its machine (boot, pid namespace, user, start
 *     time), or {@code null}: not Linux, or a lock written before lock files carried it (FORMAT.md
 *     §9); without it the lock is stale only when its lease ran out
 */
public record LockInfo(
        String id,
        LockKind kind,
        String host,
        long pid,
        String process,
        Instant created,
        Instant expires,
        ProcessStamp stamp) {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int VERSION = 1;

    /** {@code 'textloom-backup repo prune' (pid 4711 on backup-1)}, for messages. */
    public String holder() {
        return "'" + process + "' (pid " + pid + " on " + host + ")";
    }

    /**
     * Whether the lease ran out: the expiry plus {@code clockSkew} (the most the holder's clock may
     * run behind ours) is before {@code now}. Only then may anyone remove the lock.
     */
    public boolean staleAt(Instant now, Duration clockSkew) {
        return now.isAfter(expires.plus(clockSkew));
    }

    /** A lock file as written before holders were stamped (host and pid only). */
    public LockInfo(String id, LockKind kind, String host, long pid, String process, Instant created, Instant expires) {
        this(id, kind, host, pid, process, created, expires, null);
    }

    LockInfo withExpires(Instant e) {
        return new LockInfo(id, kind, host, pid, process, created, e, stamp);
    }

    byte[] toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", VERSION);
        n.put("kind", kind.wireName());
        n.put("host", host);
        n.put("pid", pid);
        n.put("process", process);
        n.put("created", created.toString());
        n.put("expires", expires.toString());
        if (stamp != null) {
            n.put("boot_id", stamp.bootId());
            n.put("pid_namespace", stamp.pidNamespace());
            n.put("uid", stamp.uid());
            n.put("start_ticks", stamp.startTicks());
        }
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses a lock file.
     *
     * @throws IllegalArgumentException if it is not a lock file of a known version
     */
    static LockInfo parse(String id, byte[] json) {
        try {
            JsonNode n = JSON.readTree(new String(json, StandardCharsets.UTF_8));
            if (n == null || n.path("version").asInt() != VERSION) {
                throw new IllegalArgumentException("lock file locks/" + id + " has an unknown version");
            }
            ProcessStamp stamp = null;
            if (n.path("boot_id").isTextual()
                    && n.path("pid_namespace").isTextual()
                    && n.path("uid").isIntegralNumber()
                    && n.path("start_ticks").isIntegralNumber()) {
                stamp = new ProcessStamp(
                        n.path("boot_id").asText(),
                        n.path("pid_namespace").asText(),
                        n.path("uid").asLong(),
                        n.path("start_ticks").asLong());
            }
            return new LockInfo(
                    id,
                    LockKind.fromWireName(n.path("kind").asText()),
                    n.path("host").asText("?"),
                    n.path("pid").asLong(),
                    n.path("process").asText("?"),
                    Instant.parse(n.path("created").asText()),
                    Instant.parse(n.path("expires").asText()),
                    stamp);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("lock file locks/" + id + " is unreadable: " + e.getMessage(), e);
        }
    }
}
