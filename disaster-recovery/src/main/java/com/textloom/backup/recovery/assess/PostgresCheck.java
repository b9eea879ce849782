package com.textloom.backup.recovery.assess;

import com.textloom.backup.recovery.assess.CheckReport.CheckResult;
import com.textloom.backup.recovery.catalog.BackupInfo;
import com.textloom.backup.recovery.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The protected PostgreSQL (DATABASE_URL), through the reactive PG client on its own short-lived connection:
 * reachable, the application's database exists, accepts writes (or is a replica), size, connections against
 * {@code max_connections}, and data loss against the newest good database backup's figures: a table the backup
 * recorded that is gone, or that held rows and is now empty.
 *
 * <p>Critical ({@code database_failure}): unreachable, refused, the database missing, data lost. Degraded: a
 * primary that refuses writes, connections above 90 % of {@code max_connections}. Reads only: the check runs
 * {@code SELECT}s (an {@code EXISTS} per table the backup recorded with rows, one page each) and writes nothing.
 */
final class PostgresCheck {

    static final String NAME = "postgresql";
    /** Tables the emptiness check asks about in one statement. */
    private static final int TABLES_PER_QUERY = 100;

    private static final String TABLES = """
            SELECT format('%I.%I', n.nspname, c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r'
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'""";

    private final Vertx vertx;

    PostgresCheck(Vertx vertx) {
        this.vertx = vertx;
    }

    CheckResult run(AssessSettings settings, Deadline deadline, Supplier<Baseline> baseline) {
        CheckReport r = new CheckReport(NAME);
        if (settings.databaseUrl() == null) {
            return r.skipped("DATABASE_URL is not set: PostgreSQL is not checked")
                    .done();
        }
        String where = SafeUrl.describe(settings.databaseUrl());
        r.fact("url", where);
        PgConnectOptions options;
        try {
            options = PgConnectOptions.fromUri(settings.databaseUrl().strip());
        } catch (RuntimeException e) {
            return r.critical("DATABASE_URL cannot be read as a PostgreSQL URL", null)
                    .done();
        }
        String database = options.getDatabase();
        String server = options.getHost() + ":" + options.getPort();
        r.fact("database", database);
        int ms = (int) Math.min(Integer.MAX_VALUE, deadline.remainingMillis());
        options.setConnectTimeout(ms);
        options.setIdleTimeout(ms + 1000);
        options.setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        options.setReconnectAttempts(0);
        PgConnection connection;
        io.vertx.core.Future<PgConnection> connecting = PgConnection.connect(vertx, options);
        try {
            connection = deadline.await(connecting);
        } catch (PgException e) {
            if ("3D000".equals(e.getSqlState())) {
                r.critical("database '" + database + "' does not exist on " + server, Scenario.DATABASE_FAILURE);
            } else {
                r.critical(
                        "PostgreSQL at " + server + " refused the connection: " + e.getErrorMessage() + " (SQLSTATE "
                                + e.getSqlState() + ")",
                        Scenario.DATABASE_FAILURE);
            }
            return recommend(r, baseline.get()).done();
        } catch (TimeoutException e) {
            connecting.onSuccess(PgConnection::close); // should it still come, nobody uses it
            r.critical("PostgreSQL at " + server + ": " + deadline.noAnswer(), Scenario.DATABASE_FAILURE);
            return recommend(r, baseline.get()).done();
        } catch (Exception e) {
            r.critical(
                    "PostgreSQL at " + server + " is unreachable: "
                            + SafeUrl.scrub(e.getMessage(), settings.databaseUrl()),
                    Scenario.DATABASE_FAILURE);
            return recommend(r, baseline.get()).done();
        }
        try {
            inspect(r, connection, deadline, baseline, server);
        } catch (TimeoutException e) {
            r.critical(
                    "PostgreSQL at " + server + " stopped answering: " + deadline.noAnswer(),
                    Scenario.DATABASE_FAILURE);
        } catch (Exception e) {
            r.critical(
                    "PostgreSQL at " + server + " failed a query: "
                            + SafeUrl.scrub(e.getMessage(), settings.databaseUrl()),
                    Scenario.DATABASE_FAILURE);
        } finally {
            connection.close();
        }
        if (CheckReport.CRITICAL.equals(r.status())) {
            recommend(r, baseline.get());
        }
        return r.done();
    }

    private void inspect(CheckReport r, PgConnection c, Deadline deadline, Supplier<Baseline> baseline, String server)
            throws Exception {
        Row state = deadline.await(c.query("""
                SELECT current_setting('server_version'), pg_is_in_recovery(),
                       pg_database_size(current_database()), current_setting('transaction_read_only'),
                       (SELECT count(*) FROM pg_stat_activity), current_setting('max_connections')::int""").execute()).iterator().next();
        boolean replica = state.getBoolean(1);
        boolean readOnly = "on".equals(state.getString(3));
        long connections = state.getLong(4);
        int max = state.getInteger(5);
        r.fact("server_version", state.getString(0))
                .fact("role", replica ? "replica" : "primary")
                .fact("accepts_writes", !replica && !readOnly)
                .fact("size_bytes", state.getLong(2))
                .fact("connections", connections)
                .fact("max_connections", max);
        if (!replica && readOnly) {
            r.degraded("the primary refuses writes (default_transaction_read_only is on)");
            r.recommend("PostgreSQL refuses writes: turn default_transaction_read_only off for the application's"
                    + " database (ALTER DATABASE ... SET default_transaction_read_only = off) or find what set it.");
        }
        if (connections * 10 > max * 9L) {
            r.degraded(connections + " of " + max + " connections in use");
            r.recommend("PostgreSQL has " + connections + " of " + max + " connections in use: find the clients that"
                    + " hold them (pg_stat_activity) before new ones are refused.");
        }
        Set<String> tables = new LinkedHashSet<>();
        for (Row row : deadline.await(c.query(TABLES).execute())) {
            tables.add(row.getString(0));
        }
        r.fact("tables", tables.size());
        Baseline b = baseline.get();
        if (!b.available()) {
            r.fact("data_loss_checked", false);
            r.summary(summary(replica, tables.size()) + "; data loss not checked: " + b.error());
            return;
        }
        BackupInfo backup = b.of("database").orElse(null);
        if (backup == null) {
            r.fact("data_loss_checked", false);
            r.summary(summary(replica, tables.size())
                    + "; data loss not checked: no good database backup to compare with");
            return;
        }
        Map<String, Long> recorded = recordedRows(backup);
        List<String> missing = new ArrayList<>();
        List<String> toAsk = new ArrayList<>();
        recorded.forEach((table, rows) -> {
            if (!tables.contains(table)) {
                missing.add(table);
            } else if (rows > 0) {
                toAsk.add(table);
            }
        });
        List<String> emptied = new ArrayList<>();
        for (int i = 0; i < toAsk.size(); i += TABLES_PER_QUERY) {
            List<String> batch = toAsk.subList(i, Math.min(toAsk.size(), i + TABLES_PER_QUERY));
            // the names are the server's own format('%I.%I') output (matched above), so they are quoted identifiers
            StringBuilder sql = new StringBuilder();
            for (int j = 0; j < batch.size(); j++) {
                sql.append(j == 0 ? "" : " UNION ALL ")
                        .append("SELECT ")
                        .append(j)
                        .append(", EXISTS (SELECT 1 FROM ")
                        .append(batch.get(j))
                        .append(')');
            }
            for (Row row : deadline.await(c.query(sql.toString()).execute())) {
                if (!row.getBoolean(1)) {
                    emptied.add(batch.get(row.getInteger(0)));
                }
            }
        }
        r.fact("data_loss_checked", true).fact("compared_with_backup", backup.backupId());
        if (!missing.isEmpty()) {
            r.fact("missing_tables", missing);
            r.critical(
                    "data loss: " + missing.size() + " table(s) of backup " + backup.backupId() + " missing ("
                            + names(missing) + ")",
                    Scenario.DATABASE_FAILURE);
        }
        if (!emptied.isEmpty()) {
            r.fact("emptied_tables", emptied);
            r.critical(
                    "data loss: " + emptied.size() + " table(s) empty that held rows in backup " + backup.backupId()
                            + " (" + names(emptied) + ")",
                    Scenario.DATABASE_FAILURE);
        }
        r.summary(summary(replica, tables.size()) + "; every table of backup " + backup.backupId()
                + " present, none emptied");
    }

    private static String summary(boolean replica, int tables) {
        return (replica ? "replica answering" : "primary accepting writes") + ", " + tables + " tables";
    }

    /** {@code table.<schema>.<table>.rows} figures of the database component. */
    static Map<String, Long> recordedRows(BackupInfo backup) {
        Map<String, Long> out = new TreeMap<>();
        BackupInfo.ComponentInfo db = backup.components().get("database");
        if (db == null) {
            return out;
        }
        db.figures().forEach((key, value) -> {
            if (key.startsWith("table.") && key.endsWith(".rows")) {
                try {
                    out.put(key.substring(6, key.length() - 5), Long.parseLong(String.valueOf(value)));
                } catch (NumberFormatException ignored) {
                    // not a count: not a figure this check understands
                }
            }
        });
        return out;
    }

    private static String names(List<String> tables) {
        return tables.size() <= 5
                ? String.join(", ", tables)
                : String.join(", ", tables.subList(0, 5)) + " and " + (tables.size() - 5) + " more";
    }

    private static CheckReport recommend(CheckReport r, Baseline b) {
        BackupInfo backup = b.of("database").orElse(null);
        if (backup != null) {
            r.recommend("PostgreSQL: restore the database from backup " + backup.backupId() + " (" + backup.time()
                    + "): see the plan with `scripts/disaster_recovery.sh recover --scenario database_failure --dry-run`,"
                    + " then run it without --dry-run.");
        } else {
            r.recommend("PostgreSQL is down or lost data and "
                    + (b.available() ? "no good database backup exists" : "the backup catalogue cannot be read")
                    + ": bring the server back (check its log and disk) and"
                    + " start the backup manager; `scripts/disaster_recovery.sh recover --scenario database_failure"
                    + " --dry-run` shows what a recovery would use.");
        }
        return r;
    }
}
