package com.textloom.backup.manager.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.VerifyCompleted;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox's files: private, durable across a reopen, oldest first, bounded. */
class OutboxTest {
    @TempDir
    Path tmp;

    private static VerifyCompleted event(String requestId) {
        return new VerifyCompleted(
                requestId,
                "default",
                null,
                Outcome.SUCCESS,
                false,
                0,
                0,
                List.of(),
                List.of(),
                Instant.now(),
                Instant.now(),
                0,
                null,
                null);
    }

    @Test
    void entriesSurviveAReopenOldestFirstWithTheirIdsInPrivateFiles() throws Exception {
        Path dir = tmp.resolve("state/outbox");
        Outbox first = Outbox.open(dir, 100);
        Outbox.Entry a = first.add(event("a"));
        first.add(event("b"));
        first.add(event("c"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        for (String name : first.names()) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))));
        }
        Files.writeString(dir.resolve("x.json.123.tmp"), "torn");

        Outbox reopened = Outbox.open(dir, 100);
        assertEquals(3, reopened.size());
        assertTrue(Files.notExists(dir.resolve("x.json.123.tmp")), "an interrupted write is cleared");
        Outbox.Entry oldest = reopened.oldest().orElseThrow();
        assertEquals(a.id(), oldest.id(), "the id stays the same for every attempt");
        assertEquals("a", ((VerifyCompleted) oldest.event()).requestId());
        reopened.remove(oldest);
        assertEquals("b", ((VerifyCompleted) reopened.oldest().orElseThrow().event()).requestId());
        Outbox.Entry d = reopened.add(event("d"));
        assertEquals(d.name(), reopened.names().get(2), "a new entry goes after those of the previous process");
    }

    @Test
    void aFullOutboxDropsItsOldestAndAnUnreadableEntryIsSetAside() throws Exception {
        Outbox outbox = Outbox.open(tmp.resolve("outbox"), 2);
        outbox.add(event("a"));
        outbox.add(event("b"));
        outbox.add(event("c"));
        assertEquals(2, outbox.size());
        String b = outbox.names().get(0);
        Files.writeString(outbox.directory().resolve(b), "{not json");
        assertEquals("c", ((VerifyCompleted) outbox.oldest().orElseThrow().event()).requestId());
        assertTrue(Files.exists(outbox.directory().resolve(b + ".unreadable")));
        assertEquals(1, outbox.size());
    }
}
