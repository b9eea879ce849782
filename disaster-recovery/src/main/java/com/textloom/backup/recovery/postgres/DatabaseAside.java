package com.textloom.backup.recovery.postgres;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The only writes disaster recovery makes to PostgreSQL itself, all at the level of whole databases, never of data:
 * setting a broken database aside before it is restored (renamed to {@code <db>_failed_<time>}, never dropped),
 * putting an empty database with the same owner, encoding and locale under the live name for the manager's
 * in-place restore (which restores into an existing database after a safety backup of it), and dropping a drill's
 * scratch database afterwards. Connects through the reactive PG client to the server of {@code DATABASE_URL},
 * on its maintenance database {@code postgres}.
 *
 * <p>Guarantees: only plain names ({@code [A-Za-z_][A-Za-z0-9_]*}, at most 63) are accepted; {@link #dropScratch}
 * refuses a name without the drill marker {@value #DRILL_MARKER}; sessions on a database being renamed are
 * terminated first (a rename needs none) and the rename is retried once if an application reconnected meanwhile.
 */
public final class DatabaseAside implements AutoCloseable {
    /** Every drill scratch database name contains this. */
    public static final String DRILL_MARKER = "_drill_";

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final PgConnection connection;

    private DatabaseAside(PgConnection connection) {
        this.connection = connection;
    }

    /**
     * Connects to the server of {@code databaseUrl} ({@code postgresql://user[:password]@host:port/db}), on the
     * maintenance database {@code postgres}.
     */
    public static DatabaseAside connect(Vertx vertx, String databaseUrl) {
        PgConnectOptions options = PgConnectOptions.fromUri(databaseUrl.replaceFirst("^postgres://", "postgresql://"));
        options.setDatabase("postgres");
        options.setConnectTimeout((int) TIMEOUT.toMillis());
        return new DatabaseAside(await(
                PgConnection.connect(vertx, options),
                "connecting to PostgreSQL at " + options.getHost() + ":" + options.getPort()));
    }

    /** The database name of {@code databaseUrl}. */
    public static String databaseOf(String databaseUrl) {
        return PgConnectOptions.fromUri(databaseUrl.replaceFirst("^postgres://", "postgresql://"))
                .getDatabase();
    }

    /** The name a database set aside at {@code at} gets: {@code <db>_failed_<yyyyMMdd_HHmmss>}, cut to 63. */
    public static String asideName(String database, Instant at) {
        String suffix = "_failed_" + STAMP.format(at);
        String base = database.length() + suffix.length() > 63 ? database.substring(0, 63 - suffix.length()) : database;
        return base + suffix;
    }

    public boolean exists(String database) {
        return rows("SELECT 1 FROM pg_database WHERE datname = $1", Tuple.of(plain(database)))
                .iterator()
                .hasNext();
    }

    /**
     * Sets {@code database} aside: renames it to {@code asideName} (its sessions terminated first) and creates an
     * empty database of the same owner, encoding and locale under {@code database}. When {@code database} does not
     * exist, only creates the empty one.
     *
     * @return the name it was set aside as, empty when there was nothing to set aside
     */
    public Optional<String> setAside(String database, String asideName) {
        plain(database);
        plain(asideName);
        RowSet<Row> info = rows(
                "SELECT pg_get_userbyid(datdba) AS owner, pg_encoding_to_char(encoding) AS enc,"
                        + " datcollate, datctype FROM pg_database WHERE datname = $1",
                Tuple.of(database));
        if (!info.iterator().hasNext()) {
            execute("CREATE DATABASE " + quote(database) + " TEMPLATE template0");
            return Optional.empty();
        }
        Row r = info.iterator().next();
        if (exists(asideName)) {
            throw new IllegalStateException(
                    "database " + asideName + " already exists; not renaming " + database + " over it");
        }
        for (int attempt = 1; ; attempt++) {
            rows(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                    Tuple.of(database));
            try {
                execute("ALTER DATABASE " + quote(database) + " RENAME TO " + quote(asideName));
                break;
            } catch (IllegalStateException e) {
                if (attempt >= 2 || !String.valueOf(e.getMessage()).contains("being accessed by other users")) {
                    throw e;
                }
            }
        }
        execute("CREATE DATABASE " + quote(database) + " OWNER " + quote(r.getString("owner")) + " TEMPLATE template0"
                + " ENCODING " + literal(r.getString("enc")) + " LC_COLLATE " + literal(r.getString("datcollate"))
                + " LC_CTYPE " + literal(r.getString("datctype")));
        return Optional.of(asideName);
    }

    /** Drops a drill's scratch database (its name must contain {@value #DRILL_MARKER}); absent is fine. */
    public void dropScratch(String database) {
        if (!plain(database).contains(DRILL_MARKER)) {
            throw new IllegalArgumentException(
                    database + " is not a drill scratch database (no " + DRILL_MARKER + "): not dropped");
        }
        execute("DROP DATABASE IF EXISTS " + quote(database) + " WITH (FORCE)");
    }

    private static String plain(String name) {
        if (name == null || !PLAIN.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "'" + name + "' is not a plain database name (letters, digits, _; at most 63)");
        }
        return name;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private RowSet<Row> rows(String sql, Tuple args) {
        return await(connection.preparedQuery(sql).execute(args), sql);
    }

    private void execute(String sql) {
        await(connection.query(sql).execute(), sql);
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + ": no answer within " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the server closes it at its end too
        }
    }
}
