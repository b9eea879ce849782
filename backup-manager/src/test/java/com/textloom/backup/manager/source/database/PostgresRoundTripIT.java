package com.textloom.backup.manager.source.database;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.manager.source.Comparison;
import com.textloom.backup.manager.source.ComponentResult;
import com.textloom.backup.manager.source.DirectorySink;
import com.textloom.backup.manager.source.RestoreOutcome;
import com.textloom.backup.manager.source.SourceException;
import com.textloom.backup.manager.source.ToolLimits;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the machine's real PostgreSQL 15 (127.0.0.1:5432, user postgres). */
class PostgresRoundTripIT {
    private static final String SERVER = "postgresql://postgres@127.0.0.1:5432/postgres";

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String source = "mgr_it_src_" + suffix;
    private final List<String> created = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void createSourceDatabase() throws SQLException {
        admin("CREATE DATABASE " + source);
        created.add(source);
        try (Connection c = connect(source);
                Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION hstore");
            s.execute("CREATE SCHEMA billing");
            s.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
            s.execute("""
                CREATE TABLE public.everything (
                  id bigserial PRIMARY KEY, n numeric(30,10), i int, f float8, r real, b bool, t text, vc varchar(20),
                  ch char(3), by bytea, j json, jb jsonb, arr int[], tarr text[], ts timestamp, tstz timestamptz,
                  d date, tm time, iv interval, u uuid, m mood, rng int4range, tsr tstzrange, h hstore,
                  ip inet, bits bit varying(16), x xml, money_col money, pt point)""");
            s.execute("""
                INSERT INTO public.everything (n, i, f, r, b, t, vc, ch, by, j, jb, arr, tarr, ts, tstz, d, tm, iv, u,
                  m, rng, tsr, h, ip, bits, x, money_col, pt)
                SELECT g * 1.0123456789, g, g / 3.0, g / 7.0, g % 2 = 0, repeat('文本 ' || g, g % 50),
                  'v' || g, 'c' || (g % 10), decode(md5(g::text), 'hex') || '\\x00ff'::bytea,
                  json_build_object('g', g, 'a', json_build_array(1, 'x')), jsonb_build_object('k', g, 'nested', jsonb_build_object('z', null)),
                  ARRAY[g, g + 1, NULL], ARRAY['a', 'b"c', NULL], '2025-08-20 12:00:00'::timestamp + g * interval '1 minute',
                  '2025-08-20 12:00:00+08'::timestamptz + g * interval '1 hour', '2025-01-01'::date + g, '12:34:56'::time,
                  g * interval '1 day 2 hours', md5(g::text)::uuid, (ARRAY['sad','ok','happy']::mood[])[1 + g % 3],
                  int4range(g, g + 10), tstzrange('2025-01-01', '2025-02-01'), hstore('k' || g, 'v'),
                  '10.0.0.1'::inet, B'1010'::bit varying(16), xmlparse(content '<a>' || g || '</a>'), g::money, point(g, -g)
                FROM generate_series(1, 2000) g""");
            s.execute("INSERT INTO public.everything (t) VALUES (NULL)");
            s.execute("CREATE TABLE billing.invoice (no text, amount numeric)"); // no primary key
            s.execute("INSERT INTO billing.invoice SELECT 'INV-' || g, g * 9.99 FROM generate_series(1, 500) g");
            s.execute("INSERT INTO billing.invoice SELECT 'INV-1', 9.99"); // a duplicate row
            s.execute("CREATE TABLE billing.\"Odd Name.with dot\" (v text)");
            s.execute("INSERT INTO billing.\"Odd Name.with dot\" VALUES ('x'), ('y')");
            s.execute("CREATE SEQUENCE billing.invoice_no START 1000");
            s.execute("SELECT nextval('billing.invoice_no') FROM generate_series(1, 7)");
            s.execute("SELECT lo_from_bytea(0, decode(repeat('ab', 100000), 'hex'))");
            s.execute("SELECT lo_from_bytea(0, 'small large object'::bytea)");
            s.execute("CREATE INDEX ON public.everything USING gin (jb)");
            s.execute("CREATE VIEW billing.totals AS SELECT sum(amount) FROM billing.invoice");
        }
    }

    @AfterEach
    void dropDatabases() throws SQLException {
        for (String db : created) {
            admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }

    @Test
    void restoresEveryTableSequenceAndLargeObjectIntoANewDatabaseAndProvesItEqual() throws Exception {
        PostgresLocation loc = PostgresLocation.parse("postgresql://postgres@127.0.0.1:5432/" + source);
        DirectorySink sink = new DirectorySink(dir);

        ComponentResult result = new PostgresSource(loc, ToolLimits.defaults()).backup(sink);

        assertTrue(sink.has(PostgresSource.DUMP_STREAM) && sink.has(PostgresSource.GLOBALS_STREAM));
        assertEquals("2001", result.figures().get("table.public.everything.rows"));
        assertEquals("501", result.figures().get("table.billing.invoice.rows"));
        assertEquals("2", result.figures().get("table.billing.\"Odd Name.with dot\".rows"));
        assertEquals("1006", result.figures().get("sequence.billing.invoice_no"));
        assertEquals("2", result.figures().get("large_objects.count"));
        assertTrue(Files.readString(dir.resolve(PostgresSource.GLOBALS_STREAM)).contains("CREATE ROLE postgres"));

        String target = "mgr_it_dst_" + suffix;
        created.add(target);
        RestoreOutcome outcome = new PostgresRestorer(PostgresLocation.parse(SERVER), ToolLimits.defaults())
                .restore(sink, result.figures(), new DatabaseRestoreOptions(target, false, 1, false));

        assertTrue(
                outcome.comparison().allEqual(),
                () -> "differences: " + outcome.comparison().differences());
        assertEquals(result.figures().size(), outcome.comparison().entries().size());
        assertEquals(2001L, count(target, "SELECT count(*) FROM public.everything WHERE h IS NOT NULL OR t IS NULL"));
    }

    @Test
    void aParallelRestoreGivesTheSameFiguresAndAChangedRowIsReportedUnequal() throws Exception {
        PostgresLocation loc = PostgresLocation.parse("postgresql://postgres@127.0.0.1:5432/" + source);
        DirectorySink sink = new DirectorySink(dir);
        ComponentResult result = new PostgresSource(loc, ToolLimits.defaults()).backup(sink);

        String target = "mgr_it_par_" + suffix;
        created.add(target);
        PostgresRestorer restorer = new PostgresRestorer(PostgresLocation.parse(SERVER), ToolLimits.defaults());
        RestoreSpool spool = RestoreSpool.in(dir.resolve("state/restore-spool"));
        RestoreOutcome outcome =
                restorer.restore(sink, result.figures(), new DatabaseRestoreOptions(target, false, 2, false, spool));
        assertTrue(
                outcome.comparison().allEqual(),
                () -> "differences: " + outcome.comparison().differences());
        assertEquals(
                "rwx------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(spool.dir())),
                "the spool directory is private");
        try (Stream<Path> left = Files.list(spool.dir())) {
            assertEquals(0, left.count(), "the spooled dump is removed after the restore");
        }

        // now the live database changes one value: the figures of the old backup no longer match it
        try (Connection c = connect(source);
                Statement s = c.createStatement()) {
            s.execute("UPDATE billing.invoice SET amount = amount + 0.01 WHERE no = 'INV-7'");
        }
        String again = "mgr_it_chg_" + suffix;
        created.add(again);
        ComponentResult changed = new PostgresSource(loc, ToolLimits.defaults())
                .backup(new DirectorySink(Files.createDirectory(dir.resolve("2"))));
        Comparison cmp = Comparison.of(result.figures(), changed.figures());
        assertEquals(
                List.of("table.billing.invoice.digest"),
                cmp.differences().stream().map(Comparison.Entry::name).toList());
    }

    @Test
    void theSpooledDumpGetsTheDataPositionsAndRestoresWhatTheFilePgDumpWritesItselfRestores() throws Exception {
        PostgresLocation loc = PostgresLocation.parse("postgresql://postgres@127.0.0.1:5432/" + source);
        DirectorySink sink = new DirectorySink(dir);
        ComponentResult result = new PostgresSource(loc, ToolLimits.defaults()).backup(sink);
        assertEquals(TableFigures.HASH64, result.figures().get(TableFigures.METHOD));
        Path byPgDump = dir.resolve("by-pg_dump.dump");
        Process p = new ProcessBuilder(
                        "pg_dump",
                        "--format=custom",
                        "--compress=0",
                        "--file=" + byPgDump,
                        "--host=127.0.0.1",
                        "--username=postgres",
                        "--no-password",
                        source)
                .inheritIO()
                .start();
        assertEquals(0, p.waitFor());
        Path spooled = Files.createFile(dir.resolve("spooled.dump"));

        int filled;
        try (InputStream in = sink.open(PostgresSource.DUMP_STREAM)) {
            filled = CustomArchiveSpool.spool(in, spooled);
        }

        // three tables, one large-objects block: their positions, each pointing at its block
        assertEquals(4, filled);
        byte[] ours = Files.readAllBytes(spooled);
        byte[] theirs = Files.readAllBytes(byPgDump);
        ArchiveLayout spool = new ArchiveLayout(ours);
        ArchiveLayout file = new ArchiveLayout(theirs);
        assertEquals(file.offsets.keySet(), spool.offsets.keySet());
        file.offsets.forEach((id, o) -> {
            assertEquals(o.flag(), spool.offsets.get(id).flag(), "the position flag of entry " + id);
            if (o.flag() == 2) {
                assertEquals(spool.blocks.get(id).start(), spool.offsets.get(id).position(), "position of " + id);
            }
        });
        // the same header and table of contents apart from the creation time and the positions
        assertEquals(file.tocEnd, spool.tocEnd);
        int timeStart = 11 + (theirs[6] >= 15 ? 1 : 5); // after magic, version, sizes, format, compression
        int timeEnd = timeStart + 7 * (1 + theirs[8]); // seven ints of the creation time
        for (int i = 0; i < file.tocEnd; i++) {
            int at = i;
            boolean position =
                    file.offsets.values().stream().anyMatch(o -> at >= o.field() && at <= o.field() + theirs[9]);
            if (ours[i] != theirs[i]) {
                assertTrue(position || (i >= timeStart && i < timeEnd), "byte " + i + " differs");
            }
        }
        // every data block holds the same bytes, the tables' small chunks joined
        assertEquals(file.blocks.keySet(), spool.blocks.keySet());
        file.blocks.forEach((id, block) ->
                assertArrayEquals(block.payload(), spool.blocks.get(id).payload(), "the data of entry " + id));
        assertTrue(
                spool.blocks.values().stream().mapToInt(b -> b.chunks().size()).sum()
                        < file.blocks.values().stream()
                                .mapToInt(b -> b.chunks().size())
                                .sum(),
                "chunks joined");
        // and pg_restore makes the same script of both, data included
        assertEquals(restoreScript(byPgDump), restoreScript(spooled));

        // a truncated archive: nothing filled in, header and table of contents as they were (pg_restore reports it)
        byte[] piped = Files.readAllBytes(dir.resolve(PostgresSource.DUMP_STREAM));
        Path truncated = Files.write(dir.resolve("truncated.dump"), Arrays.copyOf(piped, piped.length / 2));
        Path copy = Files.createFile(dir.resolve("copy.dump"));
        try (InputStream in = Files.newInputStream(truncated)) {
            assertEquals(0, CustomArchiveSpool.spool(in, copy));
        }
        assertArrayEquals(
                Arrays.copyOf(Files.readAllBytes(truncated), file.tocEnd),
                Arrays.copyOf(Files.readAllBytes(copy), file.tocEnd));
    }

    /**
     * {@code pg_restore --file} of an archive: the SQL script it would run, data included, without the
     * {@code \restrict} lines whose key pg_restore draws at random for every script.
     */
    private String restoreScript(Path archive) throws Exception {
        Path script = Files.createTempFile(dir, "script", ".sql");
        Process p = new ProcessBuilder("pg_restore", "--file=" + script, archive.toString())
                .inheritIO()
                .start();
        assertEquals(0, p.waitFor());
        return Files.readString(script)
                .lines()
                .filter(l -> !l.startsWith("\\restrict ") && !l.startsWith("\\unrestrict "))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void anInPlaceRestoreBringsBackTheBackedUpStateOverTheLiveDatabase() throws Exception {
        PostgresLocation loc = PostgresLocation.parse("postgresql://postgres@127.0.0.1:5432/" + source);
        DirectorySink sink = new DirectorySink(dir);
        ComponentResult result = new PostgresSource(loc, ToolLimits.defaults()).backup(sink);
        try (Connection c = connect(source);
                Statement s = c.createStatement()) {
            s.execute("DELETE FROM billing.invoice WHERE no LIKE 'INV-1%'");
            s.execute("UPDATE public.everything SET jb = '{}' WHERE id < 10");
        }
        RestoreOutcome outcome = new PostgresRestorer(PostgresLocation.parse(SERVER), ToolLimits.defaults())
                .restore(sink, result.figures(), new DatabaseRestoreOptions(source, true, 4, false));
        assertTrue(
                outcome.comparison().allEqual(),
                () -> "differences: " + outcome.comparison().differences());
        assertEquals(501L, count(source, "SELECT count(*) FROM billing.invoice"));
    }

    @Test
    void refusesToRestoreIntoADatabaseThatAlreadyExistsUnlessInPlace() throws Exception {
        DirectorySink sink = new DirectorySink(dir);
        ComponentResult result = new PostgresSource(
                        PostgresLocation.parse("postgresql://postgres@127.0.0.1:5432/" + source), ToolLimits.defaults())
                .backup(sink);
        SourceException e = assertThrows(
                SourceException.class,
                () -> new PostgresRestorer(PostgresLocation.parse(SERVER), ToolLimits.defaults())
                        .restore(sink, result.figures(), new DatabaseRestoreOptions(source, false, 1, false)));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    }

    @Test
    void anUnreachableServerFailsWithTheReasonAndHandsNothingToTheSink() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        DirectorySink sink = new DirectorySink(dir);
        PostgresSource src = new PostgresSource(
                PostgresLocation.parse("postgresql://postgres:secret@127.0.0.1:" + closedPort + "/textloom"),
                ToolLimits.defaults());
        SourceException e = assertThrows(SourceException.class, () -> src.backup(sink));
        assertTrue(
                e.getMessage()
                        .contains("cannot connect to PostgreSQL at postgresql://postgres@127.0.0.1:" + closedPort),
                e.getMessage());
        assertFalse(e.getMessage().contains("secret"));
        assertFalse(sink.has(PostgresSource.DUMP_STREAM));
    }

    @Test
    void aDumpThatFailsMidwayThrowsFromTheStreamSoNoHalfComponentIsStored() throws Exception {
        // pg_dump cannot read a table the backup role may not select: the stream must end in an error
        String role = "mgr_it_role_" + suffix;
        admin("CREATE ROLE " + role + " LOGIN");
        try {
            try (Connection c = connect(source);
                    Statement s = c.createStatement()) {
                s.execute("REVOKE ALL ON billing.invoice FROM PUBLIC");
                s.execute("GRANT USAGE ON SCHEMA billing TO " + role);
            }
            DirectorySink sink = new DirectorySink(dir);
            SourceException e = assertThrows(
                    SourceException.class,
                    () -> new PostgresSource(
                                    PostgresLocation.parse("postgresql://" + role + "@127.0.0.1:5432/" + source),
                                    ToolLimits.defaults())
                            .backup(sink));
            assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
            assertFalse(sink.has(PostgresSource.DUMP_STREAM));
        } finally {
            try (Connection c = connect(source);
                    Statement s = c.createStatement()) {
                s.execute("DROP OWNED BY " + role);
            }
            admin("DROP ROLE IF EXISTS " + role);
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = connect("postgres");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(String db, String sql) throws SQLException {
        try (Connection c = connect(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect(String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db, "postgres", null);
    }
}
