package com.textloom.backup.manager.source.database;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the spool does with what it does not understand (real pg_dump archives: PostgresRoundTripIT). */
class CustomArchiveSpoolTest {
    @TempDir
    Path dir;

    @Test
    void aStreamThatIsNotACustomArchiveIsCopiedUnchanged() throws Exception {
        byte[] text = "-- PostgreSQL database dump\nSELECT 1;\n".repeat(5000).getBytes(StandardCharsets.UTF_8);
        Path file = Files.createFile(dir.resolve("plain.sql"));

        assertEquals(0, CustomArchiveSpool.spool(new ByteArrayInputStream(text), file));
        assertArrayEquals(text, Files.readAllBytes(file));
    }

    @Test
    void anArchiveOfAnUnknownFormatVersionIsCopiedUnchanged() throws Exception {
        byte[] future = new byte[200_000];
        System.arraycopy("PGDMP".getBytes(StandardCharsets.US_ASCII), 0, future, 0, 5);
        future[5] = 1;
        future[6] = 99; // format 1.99
        future[8] = 4;
        future[9] = 8;
        future[10] = 1;
        Path file = Files.createFile(dir.resolve("future.dump"));

        assertEquals(0, CustomArchiveSpool.spool(new ByteArrayInputStream(future), file));
        assertArrayEquals(future, Files.readAllBytes(file));
    }
}
