package com.textloom.backup.manager.restore;

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
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RestoreCompleted;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.manager.backup.BackupExecutor;
import com.textloom.backup.manager.backup.Sources;
import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.source.ToolLimits;
import com.textloom.backup.manager.source.redis.RedisLocation;
import com.textloom.backup.manager.source.redis.RespConnection;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.SnapshotSpec;
import com.textloom.backup.repository.SnapshotWriter;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a restore that is not in place may write (issue 11, item 10), on real directories, a real repository and
 * the machine's real Redis (plus a second, private redis-server for "another server"): links on the way to a target
 * are refused and never followed, also when they appear after the plan; {@code .} and {@code ..} are refused;
 * restored files are private; the default root is not {@code /tmp}; Redis targets are allow-listed and the live
 * server is recognised by its run_id whatever its address is written as.
 */
class RestoreTargetsIT {
    private static final String LIVE = "redis://127.0.0.1:6379/9";
    private static Process otherRedis;
    private static int otherPort;

    @TempDir
    Path dir;

    private Repository repo;
    private Path workspace;
    private Path elsewhere;
    private SnapshotInfo snapshot;
    private final String backupId = "20250820_120000";

    @BeforeAll
    static void startAnotherRedisServer() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            otherPort = s.getLocalPort();
        }
        otherRedis = new ProcessBuilder(
                        "redis-server",
                        "--port",
                        Integer.toString(otherPort),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                serverId(RedisLocation.parse("redis://127.0.0.1:" + otherPort));
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** The server's run_id, read here independently of the code under test. */
    private static String serverId(RedisLocation location) throws IOException {
        try (RespConnection c = RespConnection.open(location)) {
            String info = new String((byte[]) c.call("INFO", "server"), StandardCharsets.UTF_8);
            return info.lines().filter(l -> l.startsWith("run_id:")).findFirst().orElseThrow();
        }
    }

    @AfterAll
    static void stopIt() throws InterruptedException {
        if (otherRedis != null) {
            otherRedis.destroy();
            otherRedis.waitFor();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        workspace = Files.createDirectories(dir.resolve("app/workspace/docs"));
        Files.writeString(workspace.resolve("readme.md"), "shared with everyone on purpose\n");
        Files.setPosixFilePermissions(workspace.resolve("readme.md"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxr-xr-x"));
        workspace = dir.resolve("app/workspace");
        elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        repo = Repository.init(
                LocalBlobStore.open(dir.resolve("repo")),
                KeySource.key(KeySource.generateKey()),
                RepositoryOptions.defaults().withParallelJobs(1));
        BackupRequested req = new BackupRequested(
                UUID.randomUUID().toString(),
                "default",
                BackupType.FULL,
                List.of("workspace"),
                "test",
                Instant.now(),
                backupId,
                null,
                null);
        ManagerSettings settings = settings(Map.of());
        BackupCompleted done = new BackupExecutor(Clock.systemUTC(), "test")
                .run(
                        repo,
                        req,
                        backupId,
                        names -> Sources.forComponents(names, settings),
                        Set.of(),
                        new BackupExecutor.Listener() {
                            @Override
                            public void started(BackupStarted event) {}

                            @Override
                            public void progress(BackupProgress event) {}
                        });
        assertEquals(Outcome.SUCCESS, done.status(), done.error());
        snapshot = repo.snapshot(done.snapshotId());
    }

    @AfterEach
    void tearDown() throws Exception {
        repo.close();
    }

    private ManagerSettings settings(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("REDIS_URL", LIVE);
        env.put("TEXTLOOM_WORKSPACE_DIR", workspace.toString());
        env.put("TEXTLOOM_LOG_DIR", dir.resolve("app/logs").toString());
        env.put("BACKUP_RESTORE_ROOTS", dir.resolve("restore").toString());
        env.putAll(extra);
        return ManagerSettings.read(env::get);
    }

    private static RestoreRequested toDir(String targetDir) {
        return new RestoreRequested(
                UUID.randomUUID().toString(),
                "default",
                "20250820_120000",
                List.of("workspace"),
                targetDir,
                null,
                null,
                false,
                false,
                "test",
                Instant.now(),
                null);
    }

    private static RestoreRequested toRedis(String targetRedis) {
        return new RestoreRequested(
                UUID.randomUUID().toString(),
                "default",
                "20250820_120000",
                List.of("redis"),
                null,
                null,
                targetRedis,
                false,
                true,
                "test",
                Instant.now(),
                null);
    }

    private RestoreCompleted restore(RestoreRequested req, RestorePlan plan) {
        return new RestoreExecutor(Clock.systemUTC(), 1, ToolLimits.defaults()).run(repo, snapshot, req, plan);
    }

    private boolean elsewhereIsEmpty() throws IOException {
        try (Stream<Path> s = Files.list(elsewhere)) {
            return s.findAny().isEmpty();
        }
    }

    @Test
    void aLinkInsideTheRestoreRootIsRefusedAndNotFollowed() throws Exception {
        Path root = Files.createDirectories(dir.resolve("restore"));
        Files.createSymbolicLink(root.resolve("drill"), elsewhere);
        RestoreRequested req = toDir(root.resolve("drill").toString());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> RestorePlan.of(req, snapshot, backupId, settings(Map.of())));
        assertTrue(
                e.getMessage().startsWith("target_dir: ") && e.getMessage().contains("symbolic link"), e.getMessage());
        // the component's own directory as a link, one level deeper
        Files.createDirectories(root.resolve("second"));
        Files.createSymbolicLink(root.resolve("second/workspace"), elsewhere);
        assertThrows(
                IllegalArgumentException.class,
                () -> RestorePlan.of(toDir(root.resolve("second").toString()), snapshot, backupId, settings(Map.of())));
        assertTrue(elsewhereIsEmpty());
    }

    @Test
    void aLinkThatAppearsAfterThePlanIsRefusedWhenWriting() throws Exception {
        Path root = Files.createDirectories(dir.resolve("restore"));
        RestoreRequested req = toDir(root.resolve("later").toString());
        RestorePlan plan = RestorePlan.of(req, snapshot, backupId, settings(Map.of()));
        Files.createSymbolicLink(root.resolve("later"), elsewhere);
        RestoreCompleted done = restore(req, plan);
        assertEquals(Outcome.FAILED, done.status());
        assertTrue(
                done.components().get(0).error().contains("symbolic link"),
                done.components().get(0).error());
        assertTrue(elsewhereIsEmpty(), "nothing written through the link");
    }

    @Test
    void dotAndDotDotSegmentsAreRefused() {
        for (String bad : List.of(dir.resolve("restore") + "/a/../b", dir.resolve("restore") + "/./b")) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> RestorePlan.of(toDir(bad), snapshot, backupId, settings(Map.of())),
                    bad);
            assertTrue(
                    e.getMessage().startsWith("target_dir: ") && e.getMessage().contains("segment"), e.getMessage());
        }
    }

    @Test
    void restoredFilesAreNotLeftReadableByOthersAndTheRootIsCreatedPrivate() throws Exception {
        Path root = dir.resolve("restore");
        assertFalse(Files.exists(root));
        RestoreRequested req = toDir(root.resolve("drill").toString());
        RestoreCompleted done = restore(req, RestorePlan.of(req, snapshot, backupId, settings(Map.of())));
        assertEquals(Outcome.SUCCESS, done.status(), done.error());
        Path restored = root.resolve("drill/workspace");
        assertEquals("shared with everyone on purpose\n", Files.readString(restored.resolve("docs/readme.md")));
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(restored.resolve("docs/readme.md"))));
        assertEquals(
                "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(restored.resolve("docs"))));
        for (Path p : List.of(root, root.resolve("drill"), restored)) {
            assertEquals(
                    "rwx------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)),
                    p.toString());
        }
        try (Stream<Path> all = Files.walk(restored)) {
            for (Path p : all.toList()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                assertTrue(perms.stream().allMatch(x -> x.name().startsWith("OWNER")), p + " " + perms);
            }
        }
    }

    @Test
    void theDefaultRestoreRootIsTheServicesOwnDirectoryNotTmp() {
        List<Path> roots = ManagerSettings.read(Map.<String, String>of()::get).restoreRoots();
        assertEquals(List.of(Path.of("restore").toAbsolutePath()), roots);
        // not the shared /tmp itself (the service's own directory may lie under /tmp, as a clone in /tmp does)
        assertTrue(roots.stream().noneMatch(r -> r.equals(Path.of("/tmp"))), roots.toString());
    }

    private SnapshotInfo withRedis() throws IOException {
        try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.full())) {
            w.addStream("redis", new ByteArrayInputStream(new byte[] {1, 2, 3}), Map.of(), null);
            return w.commit();
        }
    }

    @Test
    void aRedisHostOutsideTheAllowListIsRefused() throws Exception {
        SnapshotInfo s = withRedis();
        String target = "redis://127.0.0.2:" + otherPort + "/4";
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> RestorePlan.of(toRedis(target), s, backupId, settings(Map.of())));
        assertTrue(
                e.getMessage().startsWith("target_redis: ") && e.getMessage().contains("BACKUP_RESTORE_REDIS_HOSTS"),
                e.getMessage());
        String allowed = "redis://127.0.0.1:" + otherPort + "/4";
        RestorePlan plan = RestorePlan.of(
                toRedis(allowed),
                s,
                backupId,
                settings(Map.of("BACKUP_RESTORE_REDIS_HOSTS", "127.0.0.1:" + otherPort)));
        assertEquals(
                "redis://127.0.0.1:" + otherPort + "/4", plan.steps().get(0).target());
    }

    @Test
    void theLiveServerIsRecognisedByItsRunIdHoweverItsAddressIsWritten() throws Exception {
        SnapshotInfo s = withRedis();
        ManagerSettings settings = settings(Map.of("BACKUP_RESTORE_REDIS_HOSTS", "127.0.0.1,localhost,LOCALHOST"));
        // the live db of the live server, named differently; and with no db, which means the live db number
        for (String sameServer :
                List.of("redis://LOCALHOST:6379/9", "redis://localhost:6379/9", "redis://127.0.0.1:6379")) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> RestorePlan.of(toRedis(sameServer), s, backupId, settings),
                    sameServer);
            assertTrue(e.getMessage().contains("live Redis server (same run_id)"), e.getMessage());
        }
        // another db of the live server, and the same db number on another server, are fine
        RestorePlan.of(toRedis("redis://localhost:6379/10"), s, backupId, settings);
        RestorePlan.of(toRedis("redis://127.0.0.1:" + otherPort + "/9"), s, backupId, settings);
        assertNotEquals(
                serverId(RedisLocation.parse(LIVE)), serverId(RedisLocation.parse("redis://127.0.0.1:" + otherPort)));
    }

    @Test
    void aTargetThatCannotBeToldApartFromTheLiveServerIsNotWritten() throws Exception {
        SnapshotInfo s = withRedis();
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ManagerSettings settings = settings(Map.of("BACKUP_RESTORE_REDIS_HOSTS", "127.0.0.1"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> RestorePlan.of(toRedis("redis://127.0.0.1:" + closed + "/9"), s, backupId, settings));
        assertTrue(e.getMessage().contains("cannot reach"), e.getMessage());
    }

    private static RestoreRequested asRdbFile(String targetDir, String file, List<String> components) {
        return new RestoreRequested(
                UUID.randomUUID().toString(),
                "default",
                "20250820_120000",
                components,
                targetDir,
                null,
                null,
                false,
                false,
                "test",
                Instant.now(),
                null,
                null,
                file);
    }

    @Test
    void theRedisComponentAsAnRdbFileGoesIntoAnExistingDirectoryUnderARootAndNeverOverAFile() throws Exception {
        SnapshotInfo s = withRedis();
        ManagerSettings settings = settings(Map.of());
        Path data = Files.createDirectories(dir.resolve("restore/redis-data"));
        RestorePlan plan =
                RestorePlan.of(asRdbFile(data.toString(), "dump.rdb", List.of("redis")), s, backupId, settings);
        assertEquals(data.resolve("dump.rdb").toString(), plan.steps().get(0).target());
        assertTrue(plan.items().get(0).target() instanceof RestorePlan.RdbFileTarget);
        assertFalse(plan.anyInPlace());

        Files.writeString(data.resolve("dump.rdb"), "the server's own file");
        IllegalArgumentException exists = assertThrows(
                IllegalArgumentException.class,
                () -> RestorePlan.of(asRdbFile(data.toString(), "dump.rdb", List.of("redis")), s, backupId, settings));
        assertTrue(
                exists.getMessage().startsWith("target_file: ")
                        && exists.getMessage().contains("set it aside"),
                exists.getMessage());
        assertEquals("the server's own file", Files.readString(data.resolve("dump.rdb")));
        RestoreRequested dry = new RestoreRequested(
                UUID.randomUUID().toString(),
                "default",
                backupId,
                List.of("redis"),
                data.toString(),
                null,
                null,
                false,
                true,
                "test",
                Instant.now(),
                null,
                null,
                "dump.rdb");
        assertTrue(
                RestorePlan.of(dry, s, backupId, settings)
                        .steps()
                        .get(0)
                        .action()
                        .contains("it exists now"),
                "a dry run reports the file that would have to be set aside");

        IllegalArgumentException outside = assertThrows(
                IllegalArgumentException.class,
                () -> RestorePlan.of(
                        asRdbFile(elsewhere.toString(), "dump.rdb", List.of("redis")), s, backupId, settings));
        assertTrue(outside.getMessage().contains("BACKUP_RESTORE_ROOTS"), outside.getMessage());
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class,
                () -> RestorePlan.of(
                        asRdbFile(dir.resolve("restore/absent").toString(), "dump.rdb", List.of("redis")),
                        s,
                        backupId,
                        settings));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        Files.createSymbolicLink(dir.resolve("restore/linked"), elsewhere);
        IllegalArgumentException link = assertThrows(
                IllegalArgumentException.class,
                () -> RestorePlan.of(
                        asRdbFile(dir.resolve("restore/linked").toString(), "dump.rdb", List.of("redis")),
                        s,
                        backupId,
                        settings));
        assertTrue(link.getMessage().contains("symbolic link"), link.getMessage());
        IllegalArgumentException others = assertThrows(
                IllegalArgumentException.class,
                () -> RestorePlan.of(
                        asRdbFile(data.toString(), "x.rdb", List.of("redis", "workspace")), s, backupId, settings));
        assertTrue(others.getMessage().startsWith("target_file: "), others.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> asRdbFile(data.toString(), "../dump.rdb", List.of("redis")),
                "a path is not a file name");
        assertTrue(elsewhereIsEmpty());
    }
}
