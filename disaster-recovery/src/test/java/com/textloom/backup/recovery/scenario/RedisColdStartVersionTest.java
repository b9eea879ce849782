package com.textloom.backup.recovery.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.recovery.catalog.BackupInfo;
import com.textloom.backup.recovery.config.RecoverConfig;
import com.textloom.backup.recovery.redis.RedisTargets;
import com.textloom.backup.support.redis.RdbVersions;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cold start's RDB version check against the machine's real redis-server (7.0, RDB 10) and the golden RDB files
 * of Redis 8.0.2 (RDB 12) and 7.0.15 (RDB 10) in backup-manager's test resources. The server is down, its data
 * directory holds the {@code dump.rdb} it saved itself; a backup of an 8.0 server must not be cold-started there (the
 * server would refuse to start on it: shown with the same binary and the golden file), one of a 7.0 server may.
 */
class RedisColdStartVersionTest {
    private static final Path GOLDEN = Path.of("../backup-manager/src/test/resources/redis-rdb");

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();
    private final Map<Process, Integer> ports = new HashMap<>();

    @BeforeEach
    void aDownServerWithItsOwnRdbFile() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        Process p = redisServer(dir);
        // the server's own file: written by SHUTDOWN SAVE, then it is down
        cli(p, "SET", "k", "v");
        cli(p, "SHUTDOWN", "SAVE");
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "redis-server stops");
        assertEquals(
                10, RdbVersions.fileVersion(dir.resolve("dump.rdb")), "the machine's redis-server is 7.0 (RDB 10)");
    }

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void aBackupOfANewerRedisTakesTheOnlinePathSayingBothVersions() throws Exception {
        int backupVersion = RdbVersions.fileVersion(GOLDEN.resolve("redis-8.0.2.rdb"));
        assertEquals(12, backupVersion);

        RedisColdStart.Choice c = coldStart().choose(down(), backup(backupVersion));

        assertFalse(c.cold(), c.why());
        assertTrue(
                c.why().contains("RDB version 12 (written by Redis 7.4 or 8.x)")
                        && c.why().contains("RDB version 10 (written by Redis 7.0)")
                        && c.why().contains("refuse to start"),
                c.why());
        assertTrue(Files.exists(tmp.resolve("data/dump.rdb")), "nothing is changed when choosing");
    }

    @Test
    void theSameServerRefusesToStartOnTheNewerFileWhichIsWhatTheCheckPrevents() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cold"));
        Files.copy(GOLDEN.resolve("redis-8.0.2.rdb"), dir.resolve("dump.rdb"));
        Process p = start(dir);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "redis-server 7.0 exits instead of serving");
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.exitValue() != 0 && log.contains("Can't handle RDB format version 12"), log);
    }

    @Test
    void aBackupTheServerCanReadIsStartedCold() throws Exception {
        RedisColdStart.Choice c =
                coldStart().choose(down(), backup(RdbVersions.fileVersion(GOLDEN.resolve("redis-7.0.15.rdb"))));
        assertTrue(c.cold(), c.why());
    }

    @Test
    void withoutAFileOfTheServersOwnItsVersionIsUnknownAndTheOnlinePathIsTaken() throws Exception {
        Files.delete(tmp.resolve("data/dump.rdb"));
        RedisColdStart.Choice c = coldStart().choose(down(), backup(10));
        assertFalse(c.cold(), c.why());
        assertTrue(c.why().contains("cannot tell which RDB versions it loads"), c.why());
    }

    private RedisColdStart coldStart() {
        RedisColdStart s = new RedisColdStart();
        s.config = (RecoverConfig) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {RecoverConfig.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "redisRestartCommand" -> Optional.of("true");
                    case "redisDataDir" -> Optional.of(tmp.resolve("data"));
                    case "redisRdbFile" -> "dump.rdb";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return s;
    }

    private static RedisTargets down() throws IOException {
        return new RedisTargets("redis://127.0.0.1:" + freePort() + "/0");
    }

    private static BackupInfo backup(int rdbVersion) {
        return new BackupInfo(
                "b1",
                "abcd",
                "daily",
                "success",
                Instant.now(),
                Map.of(
                        "redis",
                        new BackupInfo.ComponentInfo(
                                "redis",
                                "success",
                                Map.of("rdb_version", Integer.toString(rdbVersion), "db.0.keys", "1"))),
                "local:/b",
                List.of());
    }

    private Process redisServer(Path dir) throws Exception {
        Process p = start(dir);
        for (int i = 0; i < 100 && !cli(p, "PING").contains("PONG"); i++) {
            Thread.sleep(50);
        }
        return p;
    }

    private Process start(Path dir) throws IOException {
        int port = freePort();
        Process p = new ProcessBuilder(
                        "redis-server",
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--dir",
                        dir.toString(),
                        "--dbfilename",
                        "dump.rdb",
                        "--save",
                        "",
                        "--appendonly",
                        "no")
                .redirectErrorStream(true)
                .start();
        started.add(p);
        ports.put(p, port);
        return p;
    }

    private String cli(Process p, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(ports.get(p))));
        cmd.addAll(List.of(args));
        Process c = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(c.getInputStream().readAllBytes());
        c.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
