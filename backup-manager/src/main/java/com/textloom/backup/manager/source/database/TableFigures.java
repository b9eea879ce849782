package com.textloom.backup.manager.source.database;

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
import java.util.TreeMap;

/**
 * The figures that prove a PostgreSQL restore: per user table its row count and a content digest,
 * per sequence its last value, and the count and digest of large objects.
 *
 * <p>The digest is computed inside the server, streaming: every row's text form is hashed with
 * {@code md5} and the two 64-bit halves of those hashes are summed as {@code numeric}. The sum does
 * not depend on row order and needs no sort and no memory proportional to the table, so a table
 * without a primary key is covered too. Session settings that change a row's text form (time zone,
 * date style, float digits, bytea output, search path) are fixed by {@link #prepareSession} so that
 * the same data gives the same figures on any session of the same major version.
 *
 * <p>Figures are computed on whatever snapshot the connection's current transaction sees: the
 * backup calls it inside the repeatable-read transaction whose snapshot {@code pg_dump} imports.
 */
public final class TableFigures {

    /** Sums of the two 64-bit halves of the row hashes {@code h}: order-independent, streaming. */
    private static final String HALF_SUMS =
            "coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint::numeric), 0)::text, "
            + "coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint::numeric), 0)::text";

    private TableFigures() {
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

    /** Computes the figures as seen by the connection's current transaction. */
    public static Map<String, String> compute(Connection c) throws SQLException {
        Map<String, String> figures = new TreeMap<>();
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                 SELECT format('%I.%I', n.nspname, c.relname)
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind = 'r'
                   AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                   AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
                 ORDER BY 1""")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        for (String table : tables) {
            String sql = "SELECT count(*), " + HALF_SUMS + " FROM (SELECT md5(t::text) AS h FROM " + table + " t) s";
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                figures.put("table." + table + ".rows", Long.toString(rs.getLong(1)));
                figures.put("table." + table + ".digest", digest(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        figures.put("tables", Integer.toString(tables.size()));
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                 SELECT format('%I.%I', schemaname, sequencename), last_value
                 FROM pg_sequences ORDER BY 1""")) {
            while (rs.next()) {
                String v = rs.getString(2);
                figures.put("sequence." + rs.getString(1), v == null ? "unused" : v);
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), " + HALF_SUMS
                     + " FROM (SELECT md5(oid::text || ':' || md5(lo_get(oid))) AS h FROM pg_largeobject_metadata) s")) {
            rs.next();
            figures.put("large_objects.count", Long.toString(rs.getLong(1)));
            figures.put("large_objects.digest", digest(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
        return figures;
    }


    private static String digest(String count, String sumHigh, String sumLow) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] h = md.digest((count + ":" + sumHigh + ":" + sumLow).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
