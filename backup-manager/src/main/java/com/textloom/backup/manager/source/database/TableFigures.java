package com.textloom.backup.manager.source.database;

import com.textloom.backup.manager.source.SourceException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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
 * sessions, largest first; on PostgreSQL 14 and later a large table is cut into ranges of heap blocks read by TID
 * range scans ({@link TablePart}), so one large table no longer keeps one session busy while the others are done.
 * The parts' counts and sums are added up exactly before the digest is taken, so the figures are those of reading
 * the table whole.
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
        List<TableSize> sizes = new ArrayList<>();
        try (Statement s = first.createStatement();
                ResultSet rs = s.executeQuery("""
                 SELECT format('%I.%I', n.nspname, c.relname), pg_table_size(c.oid),
                   pg_relation_size(c.oid) / current_setting('block_size')::bigint
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind = 'r'
                   AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                   AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
                 ORDER BY 2 DESC, 1""")) {
            while (rs.next()) {
                sizes.add(new TableSize(rs.getString(1), rs.getLong(2), rs.getLong(3)));
            }
        }
        figures.put("tables", Integer.toString(sizes.size()));
        // several sessions share a large table by block ranges (TID range scans: PostgreSQL 14 and later)
        boolean split = sessions.size() > 1 && first.getMetaData().getDatabaseMajorVersion() >= 14;
        Map<String, TableSums> sums = new ConcurrentHashMap<>();
        Queue<TablePart> parts = new ConcurrentLinkedQueue<>(TablePart.plan(sizes, split ? sessions.size() : 1));
        for (TablePart part : parts) {
            sums.computeIfAbsent(part.table(), t -> new TableSums(method));
        }
        List<Thread> helpers = new ArrayList<>();
        AtomicReference<SQLException> failure = new AtomicReference<>();
        for (Connection c : sessions.subList(1, sessions.size())) {
            Thread t = new Thread(
                    () -> {
                        try {
                            digestParts(c, parts, method, sums);
                        } catch (SQLException e) {
                            failure.compareAndSet(null, e);
                            parts.clear();
                        }
                    },
                    "table-figures");
            t.setDaemon(true);
            t.start();
            helpers.add(t);
        }
        try {
            digestParts(first, parts, method, sums);
        } catch (SQLException e) {
            failure.compareAndSet(null, e);
            parts.clear();
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
        sums.forEach((table, total) -> {
            figures.put("table." + table + ".rows", Long.toString(total.rows));
            figures.put("table." + table + ".digest", total.digest());
        });
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
            TableSums objects = new TableSums(method);
            objects.add(rs);
            figures.put("large_objects.count", Long.toString(objects.rows));
            figures.put("large_objects.digest", objects.digest());
        }
        if (method.equals(HASH64)) {
            figures.put(METHOD, HASH64);
        }
        return new TreeMap<>(figures);
    }

    private static void digestParts(Connection c, Queue<TablePart> parts, String method, Map<String, TableSums> sums)
            throws SQLException {
        for (TablePart part = parts.poll(); part != null; part = parts.poll()) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(digestQuery("t::text", part.from(), method))) {
                rs.next();
                sums.get(part.table()).add(rs);
            }
        }
    }

    /** A user table, its size with TOAST (what reading it costs) and its number of heap blocks. */
    record TableSize(String table, long bytes, long blocks) {}

    /**
     * What one query of the figures reads: a whole table, or the heap blocks {@code [fromBlock, toBlock)} of it
     * ({@code toBlock} -1: to the end, so the parts of a table cover it whatever it grew to since it was measured).
     */
    record TablePart(String table, long fromBlock, long toBlock, long cost) {
        /** The smallest part worth a query of its own, in blocks (8 MiB of 8 KiB blocks). */
        static final long MIN_BLOCKS = 1024;

        /**
         * The parts to read {@code tables} with on {@code sessions} sessions, costliest first: a table costing more
         * than a quarter of a session's share is cut into block ranges of about that cost (at least
         * {@value #MIN_BLOCKS} blocks each), so no session is left alone with one large table while the others wait.
         */
        static List<TablePart> plan(List<TableSize> tables, int sessions) {
            long total = tables.stream().mapToLong(TableSize::bytes).sum();
            long target = Math.max(1, total / (Math.max(1, sessions) * 4L));
            List<TablePart> parts = new ArrayList<>();
            for (TableSize t : tables) {
                long pieces = sessions <= 1 ? 1 : Math.min((t.bytes() + target - 1) / target, t.blocks() / MIN_BLOCKS);
                if (pieces <= 1) {
                    parts.add(new TablePart(t.table(), 0, -1, t.bytes()));
                    continue;
                }
                long step = (t.blocks() + pieces - 1) / pieces;
                for (long from = 0; from < t.blocks(); from += step) {
                    long to = from + step >= t.blocks() ? -1 : from + step;
                    parts.add(new TablePart(t.table(), from, to, t.bytes() / pieces));
                }
            }
            parts.sort(Comparator.comparingLong(TablePart::cost).reversed());
            return parts;
        }

        /** The FROM clause of this part's query, the table aliased {@code t}. */
        String from() {
            if (fromBlock == 0 && toBlock < 0) {
                return table + " t";
            }
            String where = " t WHERE t.ctid >= '(" + fromBlock + ",0)'::tid";
            return table + (toBlock < 0 ? where : where + " AND t.ctid < '(" + toBlock + ",0)'::tid");
        }
    }

    /** The rows and exact hash sums of a table, added up over its parts (a sum does not depend on the order). */
    private static final class TableSums {
        private final String method;
        private long rows;
        private BigInteger first = BigInteger.ZERO;
        private BigInteger second = BigInteger.ZERO;

        TableSums(String method) {
            this.method = method;
        }

        /** Adds the row of a {@link #digestQuery}. */
        synchronized void add(ResultSet rs) throws SQLException {
            rows += rs.getLong(1);
            first = first.add(new BigInteger(rs.getString(2)));
            if (method.equals(MD5)) {
                second = second.add(new BigInteger(rs.getString(3)));
            }
        }

        synchronized String digest() {
            return TableFigures.digest(
                    method.equals(HASH64) ? HASH64 + ":" + rows + ":" + first : rows + ":" + first + ":" + second);
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

    /** The figure of a table's count and sums as {@link TableSums} words them. */
    static String digest(String input) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(input.getBytes(StandardCharsets.US_ASCII)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
