package com.textloom.backup.manager.source.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database restore spool on a real file system: private, cleared of what a crash left, never through a link. */
class RestoreSpoolTest {

    @TempDir
    Path dir;

    @Test
    void filesAreCreatedPrivateInAPrivateDirectoryAndRemovedAfter() throws IOException {
        RestoreSpool spool = RestoreSpool.in(dir.resolve("state/restore-spool"));
        Path file = spool.newFile();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(spool.dir())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        spool.release(file);
        assertFalse(Files.exists(file));
    }

    @Test
    void whatACrashLeftIsRemovedAtStartAndOtherFilesAreLeftAlone() throws IOException {
        RestoreSpool spool = RestoreSpool.in(dir.resolve("restore-spool"));
        Path leftover = spool.newFile();
        Files.writeString(leftover, "a dump a killed manager left");
        Path unrelated = Files.writeString(spool.dir().resolve("notes.txt"), "not ours");
        assertEquals(1, spool.clear());
        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(unrelated));
    }

    @Test
    void aSpoolDirectoryThatIsALinkIsRefused() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(dir.resolve("restore-spool"), elsewhere);
        RestoreSpool spool = RestoreSpool.in(dir.resolve("restore-spool"));
        IOException e = assertThrows(IOException.class, spool::newFile);
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        try (var left = Files.list(elsewhere)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void aTemporarySpoolRemovesItsDirectoryWithTheFile() throws IOException {
        RestoreSpool spool = RestoreSpool.temporary();
        Path file = spool.newFile();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        spool.release(file);
        assertFalse(Files.exists(file.getParent()));
    }
}
