package com.textloom.backup.manager.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.Outcome;
import com.textloom.backup.manager.source.DirectorySink;
import com.textloom.backup.manager.source.ToolLimits;
import com.textloom.backup.manager.source.database.PostgresLocation;
import com.textloom.backup.manager.source.database.PostgresSource;
import com.textloom.backup.manager.source.files.FileTreeSource;
import com.textloom.backup.manager.source.redis.RedisLocation;
import com.textloom.backup.manager.source.redis.RedisSource;
import com.textloom.backup.repository.manifest.ComponentOutcome;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the machine's real Redis and an unreachable PostgreSQL. */
class BackupRunIT {
    @TempDir
    Path dir;

    @Test
    void anUnreachableDatabaseMakesTheBackupPartialWithItsReasonWhileTheOtherComponentsAreStored() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path workspace = Files.createDirectories(dir.resolve("workspace/projects"));
        Files.writeString(workspace.resolve("a.txt"), "text");
        Path sinkDir = Files.createDirectory(dir.resolve("sink"));
        DirectorySink sink = new DirectorySink(sinkDir);
        List<String> started = new ArrayList<>();

        BackupRun.Result r = BackupRun.run(
                List.of(
                        new PostgresSource(
                                PostgresLocation.parse("postgresql://postgres@127.0.0.1:" + closedPort + "/textloom"),
                                ToolLimits.defaults()),
                        new FileTreeSource(FileTreeSource.WORKSPACE, dir.resolve("workspace")),
                        new FileTreeSource(FileTreeSource.LOGS, dir.resolve("no-such-logs")),
                        new RedisSource(RedisLocation.parse("redis://127.0.0.1:6379/0"))),
                sink,
                started::add);

        assertEquals(Outcome.PARTIAL, r.status());
        assertEquals(List.of("database", "workspace", "logs", "redis"), started);
        assertFalse(r.components().get(0).ok());
        assertTrue(
                r.components().get(0).error().contains("cannot connect to PostgreSQL"),
                r.components().get(0).error());
        assertFalse(sink.has(PostgresSource.DUMP_STREAM));
        assertTrue(r.components().get(1).ok());
        assertEquals(dir.resolve("workspace"), sink.trees.get("workspace"));
        assertTrue(r.components().get(2).error().contains("does not exist"));
        assertTrue(r.components().get(3).ok());
        assertTrue(sink.has(RedisSource.STREAM));
        assertTrue(r.error().contains("database:") && r.error().contains("logs:"));
    }

    @Test
    void aBackupIsSuccessfulOnlyWhenEveryComponentIsAndFailedWhenNoneIs() {
        assertEquals(Outcome.SUCCESS, BackupRun.statusOf(List.of(ok("a"), ok("b"))));
        assertEquals(
                Outcome.PARTIAL,
                BackupRun.statusOf(List.of(
                        ok("a"),
                        new ComponentOutcome(
                                "b", true, java.util.Map.of(), List.of("roles without passwords"), null, 1))));
        assertEquals(Outcome.FAILED, BackupRun.statusOf(List.of(failed("a"), failed("b"))));
        assertNull(new BackupRun.Result(Outcome.SUCCESS, List.of(ok("a"))).error());
    }

    private static ComponentOutcome ok(String c) {
        return new ComponentOutcome(c, true, java.util.Map.of("k", "v"), List.of(), null, 1);
    }

    private static ComponentOutcome failed(String c) {
        return new ComponentOutcome(c, false, java.util.Map.of(), List.of(), c + ": down", 1);
    }
}
