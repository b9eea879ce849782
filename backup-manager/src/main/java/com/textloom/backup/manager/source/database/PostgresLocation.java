package com.textloom.backup.manager.source.database;

import com.textloom.backup.manager.source.ToolLimits;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A PostgreSQL server and database parsed from the guide's {@code DATABASE_URL}
 * ({@code postgresql://user:password@host:5432/textloom}; {@code postgres://} and the
 * {@code +asyncpg} dialect suffix are accepted too).
 *
 * <p>The password is only ever handed to tools through {@code PGPASSWORD} and to JDBC through
 * properties; {@link #toString()} never shows it.
 */
public record PostgresLocation(String host, int port, String user, String password, String database) {

    public static PostgresLocation parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("DATABASE_URL is empty");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "DATABASE_URL is not a valid URL (expected postgresql://user:password@host:port/database)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!scheme.startsWith("postgres")) {
            throw new IllegalArgumentException(
                    "DATABASE_URL must start with postgresql:// (got scheme '" + scheme + "')");
        }
        String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String user = "postgres";
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] up = uri.getRawUserInfo().split(":", 2);
            user = decode(up[0]);
            if (up.length == 2) {
                password = decode(up[1]);
            }
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String db = path.startsWith("/") ? path.substring(1) : path;
        if (db.isEmpty()) {
            throw new IllegalArgumentException("DATABASE_URL names no database (expected .../database)");
        }
        return new PostgresLocation(host, port, user, password, decode(db));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The same server, another database. */
    public PostgresLocation withDatabase(String otherDatabase) {
        return new PostgresLocation(host, port, user, password, otherDatabase);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Properties jdbcProperties() {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", "textloom-backup-manager");
        p.setProperty("connectTimeout", "10");
        return p;
    }

    /**
     * Environment for libpq tools: host, port, user and password, never on the command line, and in
     * {@code PGOPTIONS} the session limits of {@code limits} (lock wait, statement time).
     */
    public Map<String, String> toolEnvironment(ToolLimits limits) {
        Map<String, String> env = new HashMap<>();
        env.put("PGOPTIONS", limits.postgresOptions());
        env.put("PGHOST", host);
        env.put("PGPORT", Integer.toString(port));
        env.put("PGUSER", user);
        env.put("PGCONNECT_TIMEOUT", "10");
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        return env;
    }

    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }
}
