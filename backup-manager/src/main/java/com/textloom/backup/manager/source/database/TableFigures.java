package com.textloom.backup.manager.source.database;

import com.textloom.backup.manager.source.SourceException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The figures that prove a PostgreSQL restore: per user table its row count and a content digest,
 * per sequence its last value, and the count and digest of large objects.
 *
 * <p>The digest is computed inside the server, streaming: every row's text form is hashed and the
 * hashes are summed as an exact {@code numeric}. The sum does not depend on row order and needs no
 * sort and no memory proportional to the table, so a table without a primary key is covered too.
 * Two row hashes exist, named by the {@value #METHOD} figure:
 * <ul>
 *   <li>{@value #HASH64} (backups since the benchmarks, servers 11 and later):
 *       {@code hashtextextended(row::text, 0)}, the 64-bit hash PostgreSQL uses for hash
 *       partitioning, so it is stable across major versions; about five times cheaper than md5,
 *       which matters because a restore recomputes the figures over every row. Like hash
 *       partitioning, it is not portable between little- and big-endian servers.</li>
 *   <li>{@value #MD5} (older backups, which carry no {@value #METHOD} figure, and servers before
 *       11): the two 64-bit halves of {@code md5(row::text)}, summed separately.</li>
 * </ul>
 * A restore recomputes the figures with the method the backup recorded ({@link #methodOf}).
 * Session settings that change a row's text form (time zone, date style, float digits, bytea
 * output, search path) are fixed by {@link #prepareSession} so that the same data gives the same
 * figures on any session of the same major version.
 *
 * <p>Figures are computed on whatever snapshot the connections' current transactions see: the
 * backup uses the repeatable-read transaction whose snapshot {@code pg_dump} imports; a restore uses
 * {@link #computeOn}, whose sessions share one exported snapshot. Tables are spread over the
 * sessions, largest first.
 */
public final class TableFigures {
    /** The figure naming the row hash; absent means {@value #MD5}. */
    public static final String METHOD = "digest_method";

    public static final String HASH64 = "hash64";
    public static final String MD5 = "md5";

    private TableFigures() {}

    /** The method the figures of a backup were computed with. */
    public static String methodOf(Map<String, String> figures) {
        return figures.getOrDefault(METHOD, MD5);
    }

    /** The method a new backup uses on the server behind {@code c}. */
    static String methodFor(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseMajorVersion() >= 11 ? HASH64 : MD5;
    }

    /** Fixes the settings that influence the text form of values. */
    public static void prepareSession(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("SET DateStyle = 'ISO, YMD'");
            s.execute("SET IntervalStyle = 'postgres'");
            s.execute("SET extra_float_digits = 1");
            s.execute("SET bytea_output = 'hex'");
            s.execute("SET search_path = pg_catalog");
        }
    }

    /** Computes the figures with {@code method} as seen by the connection's current transaction. */
    public static Map<String, String> compute(Connection c, String method) throws SQLException {
        return compute(List.of(c), method);
    }

    /**
     * Computes the figures of database {@code loc} with {@code sessions} connections in parallel,
     * all in one snapshot: the first exports it ({@code pg_export_snapshot()}), the others import it.
     */
    static Map<String, String> computeOn(PostgresLocation loc, int sessions, String method)
            throws SQLException, SourceException {
        List<Connection> open = new ArrayList<>();
        try {
            String snapshot = null;
            for (int i = 0; i < Math.max(1, sessions); i++) {
                Connection c = PostgresSource.connect(loc);
                open.add(c);
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.setReadOnly(true);
                try (Statement s = c.createStatement()) {
                    if (snapshot == null) {
                        try (ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
                            rs.next();
                            snapshot = rs.getString(1);
                        }
                    } else {
                        s.execute("SET TRANSACTION SNAPSHOT '" + snapshot.replace("'", "''") + "'");
                    }
                }
                prepareSession(c);
            }
            return compute(open, method);
        } finally {
            for (Connection c : open) {
                try {
                    c.rollback();
                    c.close();
                } catch (SQLException ignored) {
                    // read-only: nothing to lose
                }
            }
        }
    }

    /** Computes the figures with {@code method}; the connections' transactions must see one snapshot. */
    static Map<String, String> compute(List<Connection> sessions, String method) throws SQLException {
        if (!method.equals(HASH64) && !method.equals(MD5)) {
            throw new SQLException(
                    "unknown digest method '" + method + "' (this build knows " + HASH64 + " and " + MD5 + ")");
        }
        Map<String, String> figures = new ConcurrentSkipListMap<>();
        Connection first = sessions.get(0);
        Queue<String> tables = new ConcurrentLinkedQueue<>();
        try (Statement s = first.createStatement();
                ResultSet rs = s.executeQuery("""
                 SELECT format('%I.%I', n.nspname, c.relname)
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind = 'r'
                   AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                   AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
                 ORDER BY pg_table_size(c.oid) DESC, 1""")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        figures.put("tables", Integer.toString(tables.size()));
        List<Thread> helpers = new ArrayList<>();
        AtomicReference<SQLException> failure = new AtomicReference<>();
        for (Connection c : sessions.subList(1, sessions.size())) {
            Thread t = new Thread(
                    () -> {
                        try {
                            digestTables(c, tables, method, figures);
                        } catch (SQLException e) {
                            failure.compareAndSet(null, e);
                            tables.clear();
                        }
                    },
                    "table-figures");
            t.setDaemon(true);
            t.start();
            helpers.add(t);
        }
        try {
            digestTables(first, tables, method, figures);
        } catch (SQLException e) {
            failure.compareAndSet(null, e);
            tables.clear();
        }
        for (Thread t : helpers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while computing table figures");
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        try (Statement s = first.createStatement();
                ResultSet rs = s.executeQuery("""
                 SELECT format('%I.%I', schemaname, sequencename), last_value
                 FROM pg_sequences ORDER BY 1""")) {
            while (rs.next()) {
                String v = rs.getString(2);
                figures.put("sequence." + rs.getString(1), v == null ? "unused" : v);
            }
        }
        String lo = "oid::text || ':' || md5(lo_get(oid))";
        try (Statement s = first.createStatement();
                ResultSet rs = s.executeQuery(digestQuery(lo, "pg_largeobject_metadata", method))) {
            rs.next();
            figures.put("large_objects.count", Long.toString(rs.getLong(1)));
            figures.put("large_objects.digest", digest(rs, method));
        }
        if (method.equals(HASH64)) {
            figures.put(METHOD, HASH64);
        }
        return new TreeMap<>(figures);
    }

    private static void digestTables(Connection c, Queue<String> tables, String method, Map<String, String> figures)
            throws SQLException {
        for (String table = tables.poll(); table != null; table = tables.poll()) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(digestQuery("t::text", table + " t", method))) {
                rs.next();
                figures.put("table." + table + ".rows", Long.toString(rs.getLong(1)));
                figures.put("table." + table + ".digest", digest(rs, method));
            }
        }
    }

    /** Row count and the sums of the row hashes of {@code value} over {@code from}. */
    private static String digestQuery(String value, String from, String method) {
        if (method.equals(HASH64)) {
            return "SELECT count(*), coalesce(sum(hashtextextended(" + value + ", 0)), 0)::text FROM " + from;
        }
        // sum(bigint) accumulates exactly (int128) and returns numeric: the same text as summing numerics
        return "SELECT count(*), coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint), 0)::text, "
                + "coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint), 0)::text "
                + "FROM (SELECT md5(" + value + ") AS h FROM " + from + ") s";
    }

    private static String digest(ResultSet rs, String method) throws SQLException {
        String input = method.equals(HASH64)
                ? HASH64 + ":" + rs.getString(1) + ":" + rs.getString(2)
                : rs.getString(1) + ":" + rs.getString(2) + ":" + rs.getString(3);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(input.getBytes(StandardCharsets.US_ASCII)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
