package com.textloom.backup.recovery.redis;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What disaster recovery itself does with the Redis of {@code REDIS_URL}: look whether the server answers at all
 * (a TCP connect, no command), read its {@code INFO} (loading done, keys per db), name a db of it without credentials, and empty a drill's spare db afterwards
 * ({@code FLUSHDB} on that db only, through the Vert.x Redis client; never the live db). Restores go through the
 * manager.
 */
public final class RedisTargets {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI url;

    /** @param redisUrl {@code redis://[:password@]host:port/db} */
    public RedisTargets(String redisUrl) {
        this.url = URI.create(redisUrl);
        if (url.getHost() == null) {
            throw new IllegalArgumentException("REDIS_URL: '" + shown(url) + "' names no host");
        }
    }

    public String host() {
        return url.getHost();
    }

    public int port() {
        return url.getPort() < 0 ? 6379 : url.getPort();
    }

    /** The live db index (0 when the URL names none). */
    public int liveDb() {
        String p = url.getPath() == null ? "" : url.getPath().replace("/", "");
        return p.isEmpty() ? 0 : Integer.parseInt(p);
    }

    /** {@code redis://host:port/db}: without user or password, as RestoreRequested's target_redis wants it. */
    public String db(int db) {
        return "redis://" + host() + ":" + port() + "/" + db;
    }

    /** Whether something accepts TCP connections at the server's address within {@code timeout}. */
    public boolean answers(Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host(), port()), (int) timeout.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@code INFO} of the server (read only; answered while it loads its data set, when {@code PING} is refused with
     * {@code LOADING}).
     */
    public String info(Vertx vertx) {
        return call(vertx, liveDb(), Request.cmd(Command.INFO), "INFO");
    }

    /** Empties db {@code db} of the server (a drill's spare db); refuses the live db. */
    public void flushScratch(Vertx vertx, int db) {
        if (db == liveDb()) {
            throw new IllegalArgumentException("db " + db + " is the live Redis db: not emptied");
        }
        call(vertx, db, Request.cmd(Command.FLUSHDB), "FLUSHDB");
    }

    /** Sends one command to db {@code db} on a short-lived connection; its answer as text. */
    private String call(Vertx vertx, int db, Request request, String name) {
        String withDb = url.getScheme() + "://" + (url.getRawUserInfo() == null ? "" : url.getRawUserInfo() + "@")
                + host() + ":" + port() + "/" + db;
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(withDb));
        try {
            return String.valueOf(client.send(request)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    name + " on " + db(db) + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    name + " on " + db(db) + ": no answer within " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            client.close();
        }
    }

    private static String shown(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()) + u.getPath();
    }
}
