import com.textloom.backup.manager.source.redis.RedisLocation;
import com.textloom.backup.manager.source.redis.RespConnection;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benchmark data for Redis, the same on every run (fixed seed). Run with {@code java RedisData.java}:
 *
 * <pre>
 *   fill [KEYS]               RESP commands on stdout for {@code redis-cli --pipe} (default 1 000 000 keys):
 *                             80 % strings (16 B .. 1 KiB, text and JSON, 1 % binary), 6 % hashes,
 *                             5 % lists, 5 % sets, 4 % zsets (sizes 2 .. 60, 1 % of them 200 .. 1000
 *                             elements so both compact and large encodings occur); 10 % of the keys
 *                             get a TTL of 1 .. 7 days
 *   restore-commands PORT     reads every key of db 0 of the Redis at 127.0.0.1:PORT with DUMP and
 *                             PTTL and prints {@code RESTORE key ttl payload REPLACE} commands on
 *                             stdout: the bare online load that {@code redis-cli --pipe} replays
 *                             (needs the manager's jars on the class path, for its RESP client)
 * </pre>
 */
public class RedisData {
    static final String[] WORDS = words();

    public static void main(String[] args) throws IOException {
        try (OutputStream out = new BufferedOutputStream(System.out, 1 << 16)) {
            switch (args[0]) {
                case "fill" -> fill(out, args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000);
                case "restore-commands" -> restoreCommands(out, Integer.parseInt(args[1]));
                default -> throw new IllegalArgumentException("usage: fill [KEYS] | restore-commands PORT");
            }
        }
    }

    static void fill(OutputStream out, int keys) throws IOException {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < keys; i++) {
            int kind = r.nextInt(100);
            long ttlMs = r.nextInt(10) == 0 ? 86_400_000L + r.nextLong(6 * 86_400_000L) : -1;
            int n = r.nextInt(100) == 0 ? 200 + r.nextInt(800) : 2 + r.nextInt(59);
            List<Object> cmd = new ArrayList<>();
            String key;
            if (kind < 80) {
                key = (i % 3 == 0 ? "session:" : i % 3 == 1 ? "cache:doc:" : "task:result:") + i;
                cmd.add("SET");
                cmd.add(key);
                cmd.add(r.nextInt(100) == 0 ? binary(r, 16 + r.nextInt(1000)) : r.nextBoolean() ? text(r, 16 + r.nextInt(1000)) : json(r));
                if (ttlMs > 0) {
                    cmd.add("PX");
                    cmd.add(Long.toString(ttlMs));
                }
                send(out, cmd);
                continue;
            }
            if (kind < 86) {
                key = "task:" + i;
                cmd.add("HSET");
                cmd.add(key);
                for (int j = 0; j < n; j++) {
                    cmd.add("field" + j);
                    cmd.add(r.nextInt(3) == 0 ? Integer.toString(r.nextInt(100_000)) : text(r, 4 + r.nextInt(60)));
                }
            } else if (kind < 91) {
                key = "queue:" + i;
                cmd.add("RPUSH");
                cmd.add(key);
                for (int j = 0; j < n; j++) {
                    cmd.add(text(r, 8 + r.nextInt(80)));
                }
            } else if (kind < 96) {
                key = "tags:" + i;
                cmd.add("SADD");
                cmd.add(key);
                for (int j = 0; j < n; j++) {
                    cmd.add(r.nextInt(4) == 0 ? Integer.toString(r.nextInt(1_000_000)) : WORDS[r.nextInt(WORDS.length)] + j);
                }
            } else {
                key = "rank:" + i;
                cmd.add("ZADD");
                cmd.add(key);
                for (int j = 0; j < n; j++) {
                    cmd.add(Double.toString(r.nextInt(1_000_000) / 100.0));
                    cmd.add("member:" + r.nextInt(10_000_000));
                }
            }
            send(out, cmd);
            if (ttlMs > 0) {
                send(out, List.of("PEXPIRE", key, Long.toString(ttlMs)));
            }
        }
    }

    static String text(SplittableRandom r, int len) {
        StringBuilder b = new StringBuilder(len + 12);
        while (b.length() < len) {
            b.append(WORDS[(int) (WORDS.length * Math.pow(r.nextDouble(), 3))]).append(' ');
        }
        return b.substring(0, len);
    }

    static String json(SplittableRandom r) {
        return "{\"user\":" + r.nextInt(100_000) + ",\"doc\":\"" + text(r, 8 + r.nextInt(40)) + "\",\"pages\":"
                + r.nextInt(500) + ",\"state\":\"" + (r.nextBoolean() ? "done" : "running") + "\",\"progress\":"
                + r.nextInt(101) / 100.0 + "}";
    }

    static byte[] binary(SplittableRandom r, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    static void send(OutputStream out, List<?> args) throws IOException {
        out.write(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (Object a : args) {
            byte[] b = a instanceof byte[] bytes ? bytes : ((String) a).getBytes(StandardCharsets.UTF_8);
            out.write(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.write('\r');
            out.write('\n');
        }
    }

    static void restoreCommands(OutputStream out, int port) throws IOException {
        try (RespConnection c = RespConnection.open(new RedisLocation("127.0.0.1", port, null, null, 0))) {
            String cursor = "0";
            do {
                List<?> reply = (List<?>) c.call("SCAN", cursor, "COUNT", "1000");
                cursor = new String((byte[]) reply.get(0), StandardCharsets.US_ASCII);
                List<?> keys = (List<?>) reply.get(1);
                for (Object k : keys) {
                    c.send("DUMP", k);
                    c.send("PTTL", k);
                }
                c.flush();
                for (Object k : keys) {
                    byte[] payload = (byte[]) c.read();
                    long pttl = (Long) c.read();
                    if (payload != null) {
                        send(out, List.of("RESTORE", k, Long.toString(Math.max(pttl, 0)), payload, "REPLACE"));
                    }
                }
            } while (!cursor.equals("0"));
        }
    }

    static String[] words() {
        SplittableRandom r = new SplittableRandom(1);
        String[] w = new String[6000];
        for (int i = 0; i < w.length; i++) {
            StringBuilder b = new StringBuilder();
            for (int j = 0, n = 2 + r.nextInt(9); j < n; j++) {
                b.append((char) ('a' + r.nextInt(26)));
            }
            w[i] = b.toString();
        }
        return w;
    }
}
