package com.textloom.backup.manager.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RemoteCopy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable operation store on a real directory: written, reopened (as after a restart), read back. */
class OperationStoreTest {
    private static final Instant T0 = Instant.parse("2025-08-20T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void operationsSurviveAReopenWithTheirResultAndARunningOneComesBackInterrupted() throws Exception {
        Path ops = dir.resolve("state/operations");
        OperationStore store = OperationStore.open(ops, 100, Duration.ofDays(30), at(T0));
        BackupCompleted done = new BackupCompleted(
                "req-1",
                "20250820_120000",
                "default",
                BackupType.DAILY,
                Outcome.SUCCESS,
                "abcd",
                "scheduler",
                T0,
                T0.plusSeconds(5),
                5000,
                List.of(),
                List.of(new RemoteCopy("s3:http://minio:9000/b", Outcome.FAILED, 0, 12, "copy failed: refused")),
                null);
        store.put(Operation.queued("req-1", "backup", "20250820_120000", T0)
                .with("success", null, done, T0.plusSeconds(5)));
        store.put(Operation.queued("req-2", "restore", "20250820_120000", T0)
                .with(Operation.RUNNING, Map.of("component", "database", "bytes_read", 1234), null, T0.plusSeconds(6)));
        store.put(Operation.queued("req-3", "verify", null, T0));
        store.put(Operation.queued("schedule:daily/2025-08-20T02:00Z", "backup", null, T0));

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ops)));
        try (Stream<Path> files = Files.list(ops)) {
            for (Path f : files.toList()) {
                assertEquals(
                        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
            }
        }
        // a write a crash interrupted leaves a temporary file, which the next open removes
        Path torn = ops.resolve("req-9.json.0000.tmp");
        Files.writeString(torn, "{\"operation_id\":\"req-9\",\"sta");

        OperationStore reopened = OperationStore.open(ops, 100, Duration.ofDays(30), at(T0.plusSeconds(60)));

        assertFalse(Files.exists(torn));
        assertEquals(4, reopened.size());
        Operation backup = reopened.get("req-1").orElseThrow();
        assertEquals("success", backup.status());
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) backup.result();
        assertEquals("20250820_120000", result.get("backup_id"));
        assertEquals("copy failed: refused", ((Map<?, ?>) ((List<?>) result.get("remote_copies")).get(0)).get("error"));
        Operation restore = reopened.get("req-2").orElseThrow();
        assertEquals(Operation.INTERRUPTED, restore.status());
        assertTrue(restore.error().contains("the manager stopped while this restore was running"), restore.error());
        assertEquals("database", restore.progress().get("component"));
        assertEquals(
                Operation.QUEUED, reopened.get("req-3").orElseThrow().status(), "a queued request can still be taken");
        assertEquals(
                "backup",
                reopened.get("schedule:daily/2025-08-20T02:00Z").orElseThrow().kind());

        // the interrupted state was written back: a third start still says so, with the first reason
        Operation again = OperationStore.open(ops, 100, Duration.ofDays(30), at(T0.plusSeconds(120)))
                .get("req-2")
                .orElseThrow();
        assertEquals(restore, again);
    }

    @Test
    void anUnreadableFileIsDroppedAndTheOthersLoad() throws Exception {
        OperationStore store = OperationStore.open(dir, 100, Duration.ofDays(30), at(T0));
        store.put(Operation.queued("good", "verify", null, T0).with("success", null, Map.of("status", "success"), T0));
        Files.writeString(dir.resolve("bad.json"), "not json");
        Files.writeString(
                dir.resolve("other.json"),
                "{\"operation_id\":\"someone-else\",\"status\":\"success\",\"updated_at\":\"2025-08-20T12:00:00Z\"}");

        OperationStore reopened = OperationStore.open(dir, 100, Duration.ofDays(30), at(T0));

        assertEquals(1, reopened.size());
        assertTrue(reopened.get("good").isPresent());
        assertFalse(Files.exists(dir.resolve("bad.json")));
        assertFalse(Files.exists(dir.resolve("other.json")), "a record under another id's name is not trusted");
    }

    @Test
    void finishedOperationsAreBoundedByAgeAndCountIgnoredOnesFirstActiveOnesNever() throws Exception {
        OperationStore store = OperationStore.open(dir, 3, Duration.ofDays(1), at(T0));
        store.put(Operation.queued("old", "backup", null, T0.minus(Duration.ofDays(2)))
                .with("success", null, null, T0.minus(Duration.ofDays(2))));
        store.put(Operation.queued("waiting", "backup", null, T0.minus(Duration.ofDays(3))));
        for (int i = 1; i <= 3; i++) {
            store.put(Operation.queued("done-" + i, "verify", null, T0).with("success", null, null, T0.plusSeconds(i)));
        }
        store.put(Operation.queued("replayed", "restore", null, T0)
                .ended(Operation.IGNORED, "too old", T0.plusSeconds(10)));

        assertFalse(store.get("old").isPresent(), "older than a day");
        assertFalse(Files.exists(dir.resolve("old.json")));
        assertTrue(store.get("waiting").isPresent(), "a queued operation is never dropped");
        assertFalse(store.get("replayed").isPresent(), "over the count, an ignored request goes before real history");
        assertTrue(store.get("done-1").isPresent() && store.get("done-3").isPresent());

        store.put(Operation.queued("done-4", "verify", null, T0).with("success", null, null, T0.plusSeconds(20)));
        assertFalse(store.get("done-1").isPresent(), "then the oldest finished one");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(4, files.count(), "3 finished + 1 queued on disk");
        }
    }

    @Test
    void anIdThatIsNoPlainFileNameIsStoredUnderItsDigest() {
        assertEquals("9f1c4e0a-2b.json", OperationStore.fileName("9f1c4e0a-2b"));
        assertTrue(OperationStore.fileName("../../etc/passwd").matches("sha256-[0-9a-f]{64}\\.json"));
        assertTrue(OperationStore.fileName(".hidden").startsWith("sha256-"));
    }

    @Test
    void aDurablePutThatCannotBeWrittenFailsAndLeavesTheRecordAsItWas() throws Exception {
        Path ops = dir.resolve("ops");
        OperationStore store = OperationStore.open(ops, 100, Duration.ofDays(30), at(T0));
        Operation queued = Operation.queued("req-1", "backup", null, T0);
        store.putDurably(queued);
        // the directory goes away under the store (a lost volume): nothing can be written any more
        try (Stream<Path> files = Files.list(ops)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(ops);
        Files.writeString(ops, "not a directory");

        Operation accepted =
                queued.accepted(new Operation.Request("com.textloom.backup.BackupRequested", Map.of()), T0);
        IOException e = assertThrows(IOException.class, () -> store.putDurably(accepted));
        assertTrue(e.getMessage().contains("ops"), e.getMessage());
        assertEquals(queued, store.get("req-1").orElseThrow(), "nothing recorded: the request is not accepted");
        store.put(accepted); // best effort: logged, kept in memory
        assertEquals(accepted, store.get("req-1").orElseThrow());
    }

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }
}
