package com.textloom.backup.manager.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.BackupProgress;
import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.BackupStarted;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.ComponentResult;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RestoreCompleted;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.RestoredComponent;
import com.textloom.backup.events.VerifyCompleted;
import com.textloom.backup.events.VerifyRequested;
import com.textloom.backup.manager.backup.BackupExecutor;
import com.textloom.backup.manager.backup.Sources;
import com.textloom.backup.manager.catalog.BackupCatalog;
import com.textloom.backup.manager.catalog.BackupSummary;
import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.maintenance.VerifyExecutor;
import com.textloom.backup.manager.restore.RestoreExecutor;
import com.textloom.backup.manager.restore.RestorePlan;
import com.textloom.backup.manager.source.BackupSource;
import com.textloom.backup.manager.source.ComponentSink;
import com.textloom.backup.manager.source.SourceException;
import com.textloom.backup.manager.source.ToolLimits;
import com.textloom.backup.manager.source.redis.RedisLocation;
import com.textloom.backup.manager.source.redis.RespConnection;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager's backup → verify → restore flow on a real repository (local store, encrypted),
 * with the machine's real PostgreSQL (own databases) and Redis (db 13 as the live one, 14 as the
 * restore target).
 */
class BackupFlowIT {
    private static final int LIVE_DB = 13;
    private static final int TARGET_DB = 14;
    private static final RedisLocation REDIS = RedisLocation.parse("redis://127.0.0.1:6379/" + LIVE_DB);
    private static String oldDelay;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String liveDb = "mgr_flow_" + suffix;
    private final List<String> databases = new ArrayList<>();
    private final Clock clock = Clock.systemUTC();

    @TempDir
    Path dir;

    private Repository repo;
    private ManagerSettings settings;
    private Path workspace;
    private Path logs;

    @BeforeAll
    static void shortenTheDisklessSyncDelay() throws IOException {
        try (RespConnection c = RespConnection.open(REDIS.withDb(0))) {
            @SuppressWarnings("unchecked")
            List<Object> r = (List<Object>) c.call("CONFIG", "GET", "repl-diskless-sync-delay");
            oldDelay = new String((byte[]) r.get(1), StandardCharsets.US_ASCII);
            c.call("CONFIG", "SET", "repl-diskless-sync-delay", "0");
        }
    }

    @AfterAll
    static void restoreTheDelay() throws IOException {
        try (RespConnection c = RespConnection.open(REDIS.withDb(0))) {
            c.call("CONFIG", "SET", "repl-diskless-sync-delay", oldDelay);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        sql("postgres", "CREATE DATABASE " + liveDb);
        databases.add(liveDb);
        sql(
                liveDb,
                "CREATE TABLE docs (id serial PRIMARY KEY, title text, body jsonb, at timestamptz DEFAULT now())",
                "INSERT INTO docs (title, body) SELECT 'doc ' || g, jsonb_build_object('n', g) FROM generate_series(1, 300) g");
        flushRedis();
        try (RespConnection c = RespConnection.open(REDIS)) {
            c.call("SET", "session:1", "alice", "PX", "3600000");
            c.call("HSET", "task:1", "state", "done", "pages", "12");
            c.call("RPUSH", "queue", "a", "b", "c");
        }
        workspace = Files.createDirectories(dir.resolve("app/workspace"));
        Files.createDirectories(workspace.resolve("projects/p1/empty"));
        Files.writeString(workspace.resolve("projects/p1/chapter-1.md"), "# 第一章\n" + "text ".repeat(10_000));
        Files.write(workspace.resolve("projects/p1/cover.bin"), randomBytes(300_000));
        Files.setPosixFilePermissions(
                workspace.resolve("projects/p1/chapter-1.md"), PosixFilePermissions.fromString("rw-r-----"));
        Files.setLastModifiedTime(
                workspace.resolve("projects/p1/cover.bin"), FileTime.from(Instant.parse("2024-01-02T03:04:05Z")));
        logs = Files.createDirectories(dir.resolve("app/logs"));
        Files.writeString(logs.resolve("app.log"), "line\n".repeat(1000));
        Files.writeString(logs.resolve("app.log.1"), "older\n".repeat(1000));
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(logs.resolve("app.log.2.gz")))) {
            gz.write("oldest\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
        }
        settings = settings("postgresql://postgres@127.0.0.1:5432/" + liveDb);
        repo = Repository.init(
                LocalBlobStore.open(dir.resolve("repo")),
                KeySource.key(KeySource.generateKey()),
                RepositoryOptions.defaults().withParallelJobs(2));
    }

    private ManagerSettings settings(String databaseUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", databaseUrl);
        env.put("REDIS_URL", REDIS.toString());
        env.put("TEXTLOOM_WORKSPACE_DIR", workspace.toString());
        env.put("TEXTLOOM_LOG_DIR", logs.toString());
        env.put("BACKUP_RESTORE_ROOTS", dir.resolve("restore").toString());
        env.put("BACKUP_PARALLEL_JOBS", "1");
        return ManagerSettings.read(env::get);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (repo != null) {
            repo.close();
        }
        for (String db : databases) {
            sql("postgres", "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
        flushRedis();
    }

    @Test
    void aFullBackupOfEveryComponentRestoresElsewhereEqualToTheOriginal() throws Exception {
        List<Object> events = new ArrayList<>();
        BackupCompleted done = backup("20250820_120000", BackupType.FULL, List.of(), events);

        assertEquals(Outcome.SUCCESS, done.status(), done.error());
        assertTrue(events.get(0) instanceof BackupStarted);
        assertTrue(events.stream().anyMatch(e -> e instanceof BackupProgress));
        assertEquals(
                List.of("database", "redis", "workspace", "logs"),
                done.components().stream().map(ComponentResult::component).toList());
        ComponentResult db = done.components().get(0);
        assertEquals("300", db.figures().get("table.public.docs.rows"));
        assertTrue(db.bytesRead() > 0 && db.bytesNew() > 0);
        assertEquals("3", done.components().get(1).figures().get("db." + LIVE_DB + ".keys"));
        assertEquals(3, done.components().get(3).files());

        BackupSummary listed =
                new BackupCatalog("test").detail(repo, "20250820_120000").orElseThrow();
        assertEquals("success", listed.status());
        assertEquals("full", listed.type());

        RestoreCompleted restored = restore("20250820_120000", List.of());
        assertEquals(Outcome.SUCCESS, restored.status(), () -> restored.error() + " " + restored.components());
        for (RestoredComponent c : restored.components()) {
            assertEquals(Boolean.TRUE, c.equal(), c.component() + " " + c.comparisons());
            assertFalse(c.comparisons().isEmpty());
        }
        assertSameTree(workspace, dir.resolve("restore/workspace"));
        assertSameTree(logs, dir.resolve("restore/logs"));
        // every row, read back independently of the manager's digests
        String rows = "SELECT string_agg(d::text, E'\\n' ORDER BY id) FROM docs d";
        String live = query(liveDb, rows);
        assertTrue(live.split("\n").length == 300 && live.contains("doc 300"), live.length() + " chars");
        assertEquals(live, query("mgr_flow_r_" + suffix, rows));
        try (RespConnection c = RespConnection.open(REDIS.withDb(TARGET_DB))) {
            assertEquals("alice", new String((byte[]) c.call("GET", "session:1"), StandardCharsets.UTF_8));
            assertTrue((Long) c.call("PTTL", "session:1") > 3_000_000L);
        }
    }

    @Test
    void anIncrementalAfterChangesStoresLittleAndRestoresTheNewState() throws Exception {
        BackupCompleted first = backup("20250820_120000", BackupType.FULL, List.of(), new ArrayList<>());
        assertEquals(Outcome.SUCCESS, first.status(), first.error());
        Files.writeString(workspace.resolve("projects/p1/chapter-2.md"), "new chapter");
        sql(liveDb, "UPDATE docs SET title = 'changed' WHERE id = 7", "INSERT INTO docs (title) VALUES ('new')");
        try (RespConnection c = RespConnection.open(REDIS)) {
            c.call("RPUSH", "queue", "d");
        }
        BackupCompleted second = backup("20250820_130000", BackupType.INCREMENTAL, List.of(), new ArrayList<>());
        assertEquals(Outcome.SUCCESS, second.status(), second.error());
        assertEquals("301", second.components().get(0).figures().get("table.public.docs.rows"));
        assertNotEquals(
                first.components().get(1).figures().get("db." + LIVE_DB + ".digest"),
                second.components().get(1).figures().get("db." + LIVE_DB + ".digest"));
        SnapshotInfo s2 = repo.snapshot(second.snapshotId());
        assertTrue(
                s2.component("workspace").orElseThrow().unchangedFiles() >= 2,
                "unchanged files are taken from the parent");
        ComponentResult ws = second.components().get(2);
        assertTrue(ws.bytesNew() < first.components().get(2).bytesNew(), "an incremental stores only what changed");

        RestoreCompleted restored = restore("20250820_130000", List.of("workspace", "database"));
        assertEquals(Outcome.SUCCESS, restored.status(), () -> restored.error() + " " + restored.components());
        assertSameTree(workspace, dir.resolve("restore/workspace"));
    }

    @Test
    void verifyWithReadDataFindsACorruptedPackAndNamesTheBackupThatNeedsIt() throws Exception {
        BackupCompleted done = backup("20250820_120000", BackupType.FULL, List.of("workspace"), new ArrayList<>());
        assertEquals(Outcome.SUCCESS, done.status(), done.error());
        VerifyCompleted clean = new VerifyExecutor(clock).run(repo, verifyRequest("20250820_120000"));
        assertEquals(Outcome.SUCCESS, clean.status(), clean.error());

        List<Path> packs;
        try (Stream<Path> files = Files.walk(dir.resolve("repo/data"))) {
            packs = files.filter(Files::isRegularFile).toList();
        }
        Path pack = packs.stream().max((a, b) -> Long.compare(size(a), size(b))).orElseThrow();
        try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x5a);
        }
        VerifyCompleted damaged = new VerifyExecutor(clock).run(repo, verifyRequest("20250820_120000"));
        assertEquals(Outcome.FAILED, damaged.status());
        assertFalse(damaged.damagedBlobs().isEmpty());
        assertTrue(
                damaged.affectedBackups().contains("20250820_120000"),
                damaged.affectedBackups().toString());
    }

    @Test
    void anUnreachableDatabaseGivesAPartialBackupWithTheReasonAndNoDatabaseInTheSnapshot() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        settings = settings("postgresql://postgres:pw@127.0.0.1:" + closedPort + "/textloom");
        BackupCompleted done =
                backup("20250820_120000", BackupType.DAILY, List.of("database", "workspace"), new ArrayList<>());

        assertEquals(Outcome.PARTIAL, done.status());
        assertTrue(done.error().contains("cannot connect to PostgreSQL"), done.error());
        assertFalse(done.error().contains("pw@"));
        assertEquals(Outcome.FAILED, done.components().get(0).status());
        SnapshotInfo s = repo.snapshot(done.snapshotId());
        assertTrue(s.component("database").isEmpty()
                && s.component("database-globals").isEmpty());
        assertTrue(s.component("workspace").isPresent());
        assertTrue(s.tags().contains("daily"));
        assertEquals(
                "partial",
                new BackupCatalog("test").list(repo, null, null, null).get(0).status());
    }

    @Test
    void aDumpWhoseConnectionPostgresqlEndsMidwayGivesAPartialBackupWithTheReasonAndNoHalfDatabase() throws Exception {
        // 50 MB of rows: far more than the pipe and socket buffers hold, so pg_dump is still reading when it is cut off
        sql(
                liveDb,
                "CREATE TABLE pages (id int, body text)",
                "INSERT INTO pages SELECT g, repeat(md5(g::text), 16) FROM generate_series(1, 100000) g");
        AtomicLong cutAt = new AtomicLong(-1);
        BackupRequested req = new BackupRequested(
                UUID.randomUUID().toString(),
                "default",
                BackupType.DAILY,
                List.of("database", "workspace"),
                "test",
                Instant.now(),
                "20250820_120000",
                null,
                null);
        BackupCompleted done = new BackupExecutor(clock, "test")
                .run(
                        repo,
                        req,
                        "20250820_120000",
                        names -> Sources.forComponents(names, settings).stream()
                                .map(s -> s.component().equals("database") ? cutOffAfter(s, 1 << 20, cutAt) : s)
                                .toList(),
                        Set.of(),
                        BackupExecutor.quiet(e -> {}));

        assertTrue(
                cutAt.get() >= 1 << 20,
                "PostgreSQL ended the dump's connection after " + cutAt.get() + " bytes had been stored");
        assertEquals(Outcome.PARTIAL, done.status());
        ComponentResult db = done.components().get(0);
        assertEquals(Outcome.FAILED, db.status());
        assertTrue(
                db.error()
                                .startsWith("database: pg_dump of postgresql://postgres@127.0.0.1:5432/" + liveDb
                                        + " failed: pg_dump exited with status 1")
                        // the server's FATAL message, or (when pg_dump sees the socket close first) libpq's own words
                        && (db.error().contains("terminating connection due to administrator command")
                                || db.error().contains("server closed the connection unexpectedly")),
                db.error());
        assertEquals(0, db.bytesRead(), "nothing of the failed component is counted as stored");
        SnapshotInfo s = repo.snapshot(done.snapshotId());
        assertTrue(
                s.component("database").isEmpty()
                        && s.component("database-globals").isEmpty(),
                "the snapshot references no part of the half dump: " + s.components());
        assertTrue(s.component("workspace").isPresent());
        assertEquals(
                "partial",
                new BackupCatalog("test")
                        .detail(repo, "20250820_120000")
                        .orElseThrow()
                        .status());
        VerifyCompleted verified = new VerifyExecutor(clock).run(repo, verifyRequest("20250820_120000"));
        assertEquals(Outcome.SUCCESS, verified.status(), verified.error());
    }

    /** The source, with PostgreSQL ending pg_dump's connection (as a server shutdown does) once {@code bytes} of the dump were read. */
    private BackupSource cutOffAfter(BackupSource source, long bytes, AtomicLong cutAt) {
        return new BackupSource() {
            @Override
            public String component() {
                return source.component();
            }

            @Override
            public com.textloom.backup.manager.source.ComponentResult backup(ComponentSink sink)
                    throws SourceException {
                return source.backup(new ComponentSink() {
                    @Override
                    public void addStream(String name, InputStream in, Map<String, String> metadata)
                            throws IOException {
                        sink.addStream(
                                name,
                                !name.equals("database")
                                        ? in
                                        : new FilterInputStream(in) {
                                            private long read;

                                            @Override
                                            public int read(byte[] b, int off, int len) throws IOException {
                                                int n = super.read(b, off, len);
                                                read += Math.max(n, 0);
                                                if (read >= bytes && cutAt.compareAndSet(-1, read)) {
                                                    try {
                                                        sql(
                                                                "postgres",
                                                                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                                                                        + liveDb
                                                                        + "' AND application_name = 'pg_dump'");
                                                    } catch (SQLException e) {
                                                        throw new IOException(e);
                                                    }
                                                }
                                                return n;
                                            }
                                        },
                                metadata);
                    }

                    @Override
                    public void addTree(String name, Path root, Map<String, String> metadata) throws IOException {
                        sink.addTree(name, root, metadata);
                    }
                });
            }
        };
    }

    @Test
    void aBackupWhoseEveryComponentFailsLeavesNoSnapshot() throws Exception {
        settings = settings("postgresql://postgres@127.0.0.1:1/textloom");
        BackupCompleted done = backup("20250820_120000", BackupType.FULL, List.of("database"), new ArrayList<>());
        assertEquals(Outcome.FAILED, done.status());
        assertEquals(null, done.snapshotId());
        assertTrue(repo.snapshots().isEmpty());
    }

    @Test
    void theSameRequestIsRecognisedInTheRepositoryAndRestorePlansRefuseUnsafeTargets() throws Exception {
        BackupCompleted done = backup("20250820_120000", BackupType.FULL, List.of("workspace"), new ArrayList<>());
        assertTrue(new BackupCatalog("test").hasRequest(repo, done.requestId()));
        assertFalse(new BackupCatalog("test").hasRequest(repo, "another"));

        SnapshotInfo s = repo.snapshot(done.snapshotId());
        IllegalArgumentException outside = assertThrows(
                IllegalArgumentException.class,
                () -> RestorePlan.of(
                        restoreRequest("20250820_120000", List.of("workspace"), "/etc", false),
                        s,
                        "20250820_120000",
                        settings));
        assertTrue(outside.getMessage().startsWith("target_dir:"), outside.getMessage());
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class,
                () -> RestorePlan.of(
                        restoreRequest(
                                "20250820_120000",
                                List.of("redis"),
                                dir.resolve("restore").toString(),
                                false),
                        s,
                        "20250820_120000",
                        settings));
        assertTrue(missing.getMessage().startsWith("components:"), missing.getMessage());
        RestorePlan inPlace = RestorePlan.of(
                restoreRequest("20250820_120000", List.of("workspace"), null, true), s, "20250820_120000", settings);
        assertTrue(inPlace.anyInPlace());
        assertEquals(
                workspace.toAbsolutePath().normalize().toString(),
                inPlace.steps().get(0).target());
    }

    private BackupCompleted backup(String id, BackupType type, List<String> components, List<Object> events) {
        BackupRequested req = new BackupRequested(
                UUID.randomUUID().toString(), "default", type, components, "test", Instant.now(), id, null, null);
        return new BackupExecutor(clock, "test")
                .run(
                        repo,
                        req,
                        id,
                        names -> Sources.forComponents(names, settings),
                        Set.of(),
                        new BackupExecutor.Listener() {
                            @Override
                            public void started(BackupStarted e) {
                                events.add(e);
                            }

                            @Override
                            public void progress(BackupProgress e) {
                                events.add(e);
                            }
                        });
    }

    private RestoreCompleted restore(String id, List<String> components) throws IOException {
        String target = "mgr_flow_r_" + suffix;
        databases.add(target);
        RestoreRequested req = new RestoreRequested(
                UUID.randomUUID().toString(),
                "default",
                id,
                components,
                dir.resolve("restore").toString(),
                target,
                "redis://127.0.0.1:6379/" + TARGET_DB,
                false,
                false,
                "test",
                Instant.now(),
                null);
        SnapshotInfo s = new BackupCatalog("test").find(repo, id).orElseThrow();
        return new RestoreExecutor(clock, 1, ToolLimits.defaults())
                .run(repo, s, req, RestorePlan.of(req, s, id, settings));
    }

    private static RestoreRequested restoreRequest(
            String id, List<String> components, String targetDir, boolean inPlace) {
        return new RestoreRequested(
                "r", "default", id, components, targetDir, null, null, inPlace, true, "test", Instant.now(), null);
    }

    private static VerifyRequested verifyRequest(String id) {
        return new VerifyRequested(UUID.randomUUID().toString(), "default", id, true, "test", Instant.now(), null);
    }

    /**
     * Byte for byte, with modification times and the owner's permissions, every file and directory; a restore that
     * is not in place leaves nothing to group and others.
     */
    static void assertSameTree(Path expected, Path actual) throws IOException {
        assertEquals(describe(expected, true), describe(actual, false));
    }

    private static Map<String, String> describe(Path root, boolean ownerOnly) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                String rel = root.relativize(p).toString();
                String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                if (ownerOnly) {
                    perms = perms.substring(0, 3) + "------";
                }
                if (Files.isDirectory(p)) {
                    out.put(rel, "dir " + perms);
                } else {
                    out.put(
                            rel,
                            "file " + perms + " " + Files.getLastModifiedTime(p).toMillis() / 1000 + " "
                                    + java.util.HexFormat.of()
                                            .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                                    .digest(Files.readAllBytes(p))));
                }
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new java.util.Random(7).nextBytes(b);
        return b;
    }

    private static void flushRedis() throws IOException {
        for (int db : new int[] {LIVE_DB, TARGET_DB}) {
            try (RespConnection c = RespConnection.open(REDIS.withDb(db))) {
                c.call("FLUSHDB");
            }
        }
    }

    private static String query(String db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db, "postgres", null);
                Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void sql(String db, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db, "postgres", null);
                Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }
}
