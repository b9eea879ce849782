package com.textloom.backup.manager.source.database;

import static com.textloom.backup.manager.source.database.PostgresSource.COMPONENT;

import com.textloom.backup.manager.source.Comparison;
import com.textloom.backup.manager.source.RestoreOutcome;
import com.textloom.backup.manager.source.SourceException;
import com.textloom.backup.manager.source.StreamOpener;
import com.textloom.backup.manager.source.ToolLimits;
import com.textloom.backup.manager.source.ToolProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Restores a {@code database} component written by {@link PostgresSource} with {@code pg_restore},
 * then recomputes the {@link TableFigures} on the restored database and compares them with those
 * recorded at backup time.
 *
 * <p>Into a new database (the default): the database is created from {@code template0} and the
 * dump restored into it; if the restore fails the new database is dropped again. In place: the
 * dump is restored over the existing database with {@code --clean --if-exists --single-transaction},
 * so either every object of the dump is replaced or nothing changes.
 */
public final class PostgresRestorer {
    private static final Logger LOG = Logger.getLogger(PostgresRestorer.class);
    private final PostgresLocation server;
    private final ToolLimits limits;

    /** @param server the server to restore to; its database name is where maintenance connects */
    public PostgresRestorer(PostgresLocation server, ToolLimits limits) {
        this.server = server;
        this.limits = limits;
    }

    public RestoreOutcome restore(
            StreamOpener opener, Map<String, String> backupFigures, DatabaseRestoreOptions options)
            throws SourceException {
        List<String> notes = new ArrayList<>();
        PostgresLocation target = server.withDatabase(options.targetDatabase());
        if (options.restoreGlobals()) {
            restoreGlobals(opener, notes);
        }
        boolean created = false;
        if (!options.inPlace()) {
            createDatabase(options.targetDatabase());
            created = true;
        } else if (!databaseExists(options.targetDatabase())) {
            throw new SourceException(
                    COMPONENT, "in-place restore: database " + options.targetDatabase() + " does not exist");
        }
        long start = System.nanoTime();
        double spoolSeconds;
        try {
            spoolSeconds = runPgRestore(opener, target, options, notes);
        } catch (SourceException e) {
            if (created) {
                dropQuietly(options.targetDatabase());
            }
            throw e;
        }
        long restoredAt = System.nanoTime();
        Map<String, String> restored;
        try {
            restored = TableFigures.computeOn(target, options.jobs(), TableFigures.methodOf(backupFigures));
            LOG.infof(
                    "database restore into %s: spooling the dump %.1f s, then pg_restore %.1f s, then figures %.1f s",
                    target,
                    spoolSeconds,
                    seconds(start, restoredAt) - spoolSeconds,
                    seconds(restoredAt, System.nanoTime()));
        } catch (SQLException e) {
            throw new SourceException(COMPONENT, "recomputing figures on " + target + " failed: " + e.getMessage(), e);
        }
        return new RestoreOutcome(COMPONENT, target.toString(), Comparison.of(backupFigures, restored), notes);
    }

    /** Runs pg_restore (spooling the dump first for jobs above 1); returns the seconds the spooling took. */
    private double runPgRestore(
            StreamOpener opener, PostgresLocation target, DatabaseRestoreOptions options, List<String> notes)
            throws SourceException {
        double spooled = 0;
        List<String> cmd = new ArrayList<>(
                List.of("pg_restore", "--no-password", "--exit-on-error", "--dbname=" + target.database()));
        if (options.inPlace()) {
            cmd.addAll(List.of("--clean", "--if-exists", "--single-transaction"));
        }
        Path spool = null;
        try {
            if (options.jobs() > 1) {
                // pg_restore --jobs needs a seekable archive: spool to a private file, deleted after,
                // with the data positions pg_dump could not write into a pipe
                spool = options.spool().newFile();
                long start = System.nanoTime();
                try (InputStream in = opener.open(PostgresSource.DUMP_STREAM)) {
                    if (CustomArchiveSpool.spool(in, spool) == 0) {
                        notes.add("the archive's data positions were not filled in (format not understood):"
                                + " pg_restore --jobs scans for each table's data");
                    }
                }
                spooled = seconds(start, System.nanoTime());
                cmd.add("--jobs=" + options.jobs());
                cmd.add(spool.toString());
                try (ToolProcess p = ToolProcess.start(cmd, target.toolEnvironment(limits), limits.timeout())) {
                    p.stdin().close();
                    p.awaitSuccess();
                }
            } else {
                try (ToolProcess p = ToolProcess.start(cmd, target.toolEnvironment(limits), limits.timeout())) {
                    try (InputStream in = opener.open(PostgresSource.DUMP_STREAM);
                            OutputStream out = p.stdin()) {
                        in.transferTo(out);
                    } catch (IOException e) {
                        // pg_restore may have died first: its own reason is the better one
                        p.close();
                        p.checkTimeout();
                        String err = p.stderr();
                        throw new IOException(err.isEmpty() ? e.getMessage() : "pg_restore: " + err, e);
                    }
                    p.awaitSuccess();
                }
            }
        } catch (IOException e) {
            throw new SourceException(COMPONENT, "restore into " + target + " failed: " + e.getMessage(), e);
        } finally {
            if (spool != null) {
                options.spool().release(spool);
            }
        }
        return spooled;
    }

    private void restoreGlobals(StreamOpener opener, List<String> notes) throws SourceException {
        // roles that already exist make psql print an error and go on; that is what we want
        List<String> cmd = List.of(
                "psql",
                "--no-password",
                "--quiet",
                "--no-psqlrc",
                "--dbname=" + server.database(),
                "--set=ON_ERROR_STOP=0",
                "--file=-");
        try (ToolProcess p = ToolProcess.start(cmd, server.toolEnvironment(limits), limits.timeout())) {
            try (InputStream in = opener.open(PostgresSource.GLOBALS_STREAM);
                    OutputStream out = p.stdin()) {
                in.transferTo(out);
            }
            p.awaitSuccess();
            String err = p.stderr();
            if (!err.isEmpty()) {
                notes.add("globals replayed with messages: "
                        + err.lines().limit(5).reduce((a, b) -> a + "; " + b).orElse(""));
            }
        } catch (IOException e) {
            throw new SourceException(COMPONENT, "replaying roles and grants failed: " + e.getMessage(), e);
        }
    }

    private boolean databaseExists(String name) throws SourceException {
        try (Connection c = PostgresSource.connect(server);
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new SourceException(COMPONENT, "PostgreSQL at " + server + ": " + e.getMessage(), e);
        }
    }

    private void createDatabase(String name) throws SourceException {
        if (databaseExists(name)) {
            throw new SourceException(
                    COMPONENT,
                    "target database " + name
                            + " already exists; choose a new name, or restore in place to overwrite it");
        }
        try (Connection c = PostgresSource.connect(server);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + quoteIdent(c, name) + " TEMPLATE template0");
        } catch (SQLException e) {
            throw new SourceException(COMPONENT, "cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    private void dropQuietly(String name) {
        try (Connection c = PostgresSource.connect(server);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + quoteIdent(c, name) + " WITH (FORCE)");
        } catch (SQLException | SourceException ignored) {
            // the restore failure is what gets reported
        }
    }

    static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    static String quoteIdent(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT quote_ident(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
