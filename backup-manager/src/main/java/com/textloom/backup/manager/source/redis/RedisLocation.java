package com.textloom.backup.manager.source.redis;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A Redis server (and db index) parsed from the guide's {@code REDIS_URL}:
 * {@code redis://[[user]:password@]host[:port][/db]}. {@link #toString()} never shows the password.
 */
public record RedisLocation(String host, int port, String user, String password, int db) {

    public static RedisLocation parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("REDIS_URL is empty");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "REDIS_URL is not a valid URL (expected redis://[:password@]host:port/db)");
        }
        if (!"redis".equals(uri.getScheme())) {
            throw new IllegalArgumentException("REDIS_URL must start with redis:// (got '" + uri.getScheme() + "')");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] up = uri.getRawUserInfo().split(":", 2);
            if (up.length == 2) {
                user = up[0].isEmpty() ? null : decode(up[0]);
                password = decode(up[1]);
            } else {
                password = decode(up[0]);
            }
        }
        int db = 0;
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (!path.isEmpty()) {
            try {
                db = Integer.parseInt(path);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("REDIS_URL db index is not a number: " + path);
            }
        }
        return new RedisLocation(
                uri.getHost() == null ? "127.0.0.1" : uri.getHost(),
                uri.getPort() < 0 ? 6379 : uri.getPort(),
                user,
                password,
                db);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    public RedisLocation withDb(int otherDb) {
        return new RedisLocation(host, port, user, password, otherDb);
    }

    @Override
    public String toString() {
        return "redis://" + host + ":" + port + "/" + db;
    }
}
