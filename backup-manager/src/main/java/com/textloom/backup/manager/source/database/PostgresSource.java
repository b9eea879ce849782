package com.textloom.backup.manager.source.database;

import com.textloom.backup.manager.source.BackupSource;
import com.textloom.backup.manager.source.ComponentResult;
import com.textloom.backup.manager.source.ComponentSink;
import com.textloom.backup.manager.source.SourceException;
import com.textloom.backup.manager.source.ToolLimits;
import com.textloom.backup.manager.source.ToolProcess;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code database} component: one PostgreSQL database, dumped consistently with its figures.
 *
 * <p>How: one repeatable-read, read-only transaction exports its snapshot with
 * {@code pg_export_snapshot()}; {@code pg_dump --snapshot} dumps exactly that state while the same
 * transaction computes {@link TableFigures} beside it, so the recorded row counts and digests are
 * those of the dumped data. The dump is custom format ({@code -Fc}) read from {@code pg_dump}'s
 * stdout straight into the sink: the directory format (the only one {@code pg_dump --jobs} accepts)
 * needs a directory on disk, so it cannot stream and is not used; {@code BACKUP_PARALLEL_JOBS} goes
 * to {@code pg_restore --jobs} and to the repository's pipeline instead. The dump is uncompressed
 * ({@code -Z 0}) on purpose: the repository compresses with zstd and deduplicates chunks across
 * backups, which a zlib-compressed dump would defeat.
 *
 * <p>Streams handed to the sink: {@value #DUMP_STREAM} (the {@code pg_dump -Fc} archive) and
 * {@value #GLOBALS_STREAM} ({@code pg_dumpall --globals-only}: roles, their memberships and grants,
 * tablespaces). If the globals cannot be read (not a superuser) they are retried without role
 * passwords and a warning is recorded.
 */
public final class PostgresSource implements BackupSource {
    public static final String COMPONENT = "database";
    public static final String DUMP_STREAM = "database";
    public static final String GLOBALS_STREAM = "database-globals";

    private static final java.sql.Driver DRIVER = new org.postgresql.Driver();

    private final PostgresLocation location;
    private final ToolLimits limits;

    /** @param limits how long {@code pg_dump} may run and wait for a table lock (so may the figures query beside it) */
    public PostgresSource(PostgresLocation location, ToolLimits limits) {
        this.location = location;
        this.limits = limits;
    }

    @Override
    public String component() {
        return COMPONENT;
    }

    /** Opens a JDBC connection to {@code loc}, turning failures into a reason a user can act on. */
    static Connection connect(PostgresLocation loc) throws SourceException {
        try {
            // the driver directly, not DriverManager: its service lookup misses the driver under Quarkus' class loaders
            return DRIVER.connect(loc.jdbcUrl(), loc.jdbcProperties());
        } catch (SQLException e) {
            throw new SourceException(COMPONENT, "cannot connect to PostgreSQL at " + loc + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ComponentResult backup(ComponentSink sink) throws SourceException {
        List<String> warnings = new ArrayList<>();
        Map<String, String> figures;
        boolean superuser;
        try (Connection c = connect(location)) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            TableFigures.prepareSession(c);
            try (Statement s = c.createStatement()) {
                // the figures query waits for a table lock no longer than pg_dump does, and runs no longer than it may
                s.execute("SET lock_timeout = " + limits.lockWait().toMillis());
                s.execute("SET statement_timeout = " + limits.timeout().toMillis());
            }
            String snapshot;
            String serverVersion;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_export_snapshot(), current_setting('server_version'),"
                            + " (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)")) {
                rs.next();
                snapshot = rs.getString(1);
                serverVersion = rs.getString(2);
                superuser = rs.getBoolean(3);
            }
            String method = TableFigures.methodFor(c);
            CompletableFuture<Map<String, String>> figuresFuture = CompletableFuture.supplyAsync(() -> {
                try {
                    return TableFigures.compute(c, method);
                } catch (SQLException e) {
                    throw new IllegalStateException("computing table figures failed: " + e.getMessage(), e);
                }
            });
            Map<String, String> meta = new HashMap<>();
            meta.put("format", "pg_dump-custom");
            meta.put("database", location.database());
            meta.put("server_version", serverVersion);
            meta.put("snapshot", snapshot);
            try (ToolProcess dump = ToolProcess.start(
                    List.of(
                            "pg_dump",
                            "--format=custom",
                            "--compress=0",
                            "--no-password",
                            "--lock-wait-timeout=" + limits.lockWait().toMillis(),
                            "--snapshot=" + snapshot,
                            "--dbname=" + location.database()),
                    location.toolEnvironment(limits),
                    limits.timeout())) {
                sink.addStream(DUMP_STREAM, dump.stdout(), meta);
                dump.awaitSuccess();
            } catch (IOException e) {
                // a failed figures query aborts the exporting transaction, which then fails pg_dump's
                // snapshot import: the figures' reason is the root cause, report it first
                String cause = figuresFuture
                        .handle((ok, err) -> err == null ? null : rootMessage(err))
                        .getNow(null);
                figuresFuture.cancel(true);
                String lock = lockWaitReason(e.getMessage(), limits.lockWait());
                throw new SourceException(
                        COMPONENT,
                        (cause == null ? "" : cause + "; ")
                                + (lock == null ? "" : lock + "; ")
                                + "pg_dump of " + location + " failed: " + e.getMessage(),
                        e);
            }
            try {
                figures = new HashMap<>(figuresFuture.get());
            } catch (ExecutionException e) {
                throw new SourceException(COMPONENT, rootMessage(e), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException(COMPONENT, "interrupted while computing table figures");
            }
            c.rollback();
        } catch (SQLException e) {
            throw new SourceException(COMPONENT, "PostgreSQL at " + location + ": " + e.getMessage(), e);
        }
        backupGlobals(sink, superuser, warnings);
        return new ComponentResult(COMPONENT, figures, warnings);
    }

    private static final Pattern LOCKED_TABLE = Pattern.compile("Query was: LOCK TABLE (\\S+)");

    /**
     * The reason a user can act on when {@code pg_dump} gave up waiting for a table lock, or null when {@code
     * toolMessage} is not that. {@code pg_dump --lock-wait-timeout} cancels its {@code LOCK TABLE} through a
     * statement timeout, so PostgreSQL reports "canceling statement due to statement timeout": this names the lock
     * and the table instead, whichever of the dump and the figures query beside it gives up first.
     */
    static String lockWaitReason(String toolMessage, Duration lockWait) {
        if (toolMessage == null) {
            return null;
        }
        Matcher m = LOCKED_TABLE.matcher(toolMessage);
        if (!m.find() || !(toolMessage.contains("statement timeout") || toolMessage.contains("lock timeout"))) {
            return null;
        }
        return "lock timeout: waited " + lockWait.toMillis() + " ms for a lock on table " + m.group(1)
                + ", which another session holds";
    }

    private static String rootMessage(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private void backupGlobals(ComponentSink sink, boolean superuser, List<String> warnings) throws SourceException {
        List<String> cmd = new ArrayList<>(
                List.of("pg_dumpall", "--globals-only", "--no-password", "--database=" + location.database()));
        if (!superuser) {
            // role passwords live in pg_authid, which only a superuser may read
            cmd.add("--no-role-passwords");
            warnings.add("roles backed up without their passwords: " + location.user() + " is not a superuser");
        }
        try (ToolProcess p = ToolProcess.start(cmd, location.toolEnvironment(limits), limits.timeout())) {
            sink.addStream(GLOBALS_STREAM, p.stdout(), Map.of("format", "pg_dumpall-globals-sql"));
            p.awaitSuccess();
        } catch (IOException e) {
            throw new SourceException(COMPONENT, "pg_dumpall --globals-only failed: " + e.getMessage(), e);
        }
    }
}
