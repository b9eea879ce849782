package com.textloom.backup.manager.source.database;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool on hand-made archives: chunks joined, positions filled, what it does not understand kept (real pg_dump archives: PostgresRoundTripIT). */
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

    @Test
    void smallChunksOfATableAreJoinedAndEveryPositionPointsAtItsBlock() throws Exception {
        List<byte[]> rows = rows(5000);
        List<byte[]> withBig = new ArrayList<>(rows(10));
        withBig.add(new byte[100_000]);
        withBig.addAll(rows(10));
        List<byte[]> lobChunks = rows(20);
        byte[] archive = new ArchiveLayout.Writer(4)
                .entry(5, "rows", true)
                .entry(6, "empty", false)
                .entry(7, "big", true)
                .entry(8, "BLOBS", true)
                .data(5, rows)
                .data(7, withBig)
                .largeObjects(8, Map.of(16384, lobChunks))
                .bytes();
        Path file = Files.createFile(dir.resolve("spooled.dump"));

        assertEquals(3, CustomArchiveSpool.spool(new ByteArrayInputStream(archive), file));

        byte[] spooled = Files.readAllBytes(file);
        ArchiveLayout before = new ArchiveLayout(archive);
        ArchiveLayout after = new ArchiveLayout(spooled);
        assertEquals(before.tocEnd, after.tocEnd);
        for (int i = 0; i < before.tocEnd; i++) {
            int at = i;
            boolean offsetField =
                    before.offsets.values().stream().anyMatch(o -> at >= o.field() && at <= o.field() + 8);
            if (!offsetField) {
                assertEquals(archive[i], spooled[i], "byte " + i + " of the header and table of contents");
            }
        }
        for (int id : List.of(5, 7, 8)) {
            assertEquals(2, after.offsets.get(id).flag(), "position set for " + id);
            assertEquals(after.blocks.get(id).start(), after.offsets.get(id).position(), "position of " + id);
            assertArrayEquals(
                    before.blocks.get(id).payload(), after.blocks.get(id).payload(), "data of " + id);
        }
        assertEquals(3, after.offsets.get(6).flag(), "an entry without data keeps its flag");
        List<byte[]> joined = after.blocks.get(5).chunks();
        assertTrue(joined.size() <= 2, "5000 rows of ~10 bytes joined into " + joined.size() + " chunks");
        assertTrue(joined.stream().allMatch(c -> c.length <= CustomArchiveSpool.JOINED_CHUNK));
        int small = rows(10).stream().mapToInt(c -> c.length).sum();
        assertEquals(
                List.of(small, 100_000, small),
                after.blocks.get(7).chunks().stream().map(c -> c.length).toList(),
                "a chunk of 100 000 bytes stays whole, the small ones on each side are joined");
        assertEquals(
                lobChunks.size(), after.blocks.get(8).chunks().size(), "large objects' chunks are copied as they are");
    }

    @Test
    void anArchiveWhosePositionsAreSetKeepsItsChunksSoThePositionsStayRight() throws Exception {
        byte[] archive = new ArchiveLayout.Writer(2)
                .entry(5, "first", true)
                .entry(7, "second", true)
                .data(5, rows(5000))
                .data(7, rows(10))
                .withPositionsSet();
        Path file = Files.createFile(dir.resolve("spooled.dump"));

        assertEquals(0, CustomArchiveSpool.spool(new ByteArrayInputStream(archive), file), "nothing to fill in");

        ArchiveLayout after = new ArchiveLayout(Files.readAllBytes(file));
        for (int id : List.of(5, 7)) {
            assertEquals(2, after.offsets.get(id).flag());
            assertEquals(after.blocks.get(id).start(), after.offsets.get(id).position(), "position of " + id);
        }
        assertArrayEquals(archive, Files.readAllBytes(file));
    }

    @Test
    void anArchiveCutInsideItsDataKeepsItsBytesInOrderAndGetsNoPosition() throws Exception {
        byte[] archive = new ArchiveLayout.Writer(1)
                .entry(5, "rows", true)
                .data(5, rows(5000))
                .bytes();
        ArchiveLayout layout = new ArchiveLayout(archive);
        for (int cut : new int[] {layout.tocEnd + 3, layout.tocEnd + 20_002, archive.length - 7, archive.length - 2}) {
            byte[] truncated = Arrays.copyOf(archive, cut);
            Path file = Files.createTempFile(dir, "cut", ".dump");

            assertEquals(0, CustomArchiveSpool.spool(new ByteArrayInputStream(truncated), file), "cut at " + cut);

            byte[] spooled = Files.readAllBytes(file);
            assertArrayEquals(
                    Arrays.copyOf(truncated, layout.tocEnd),
                    Arrays.copyOf(spooled, layout.tocEnd),
                    "header and table of contents unchanged, positions not set");
            assertEquals(
                    rowText(truncated, layout.tocEnd),
                    rowText(spooled, layout.tocEnd),
                    "the same row bytes in the same order, cut at " + cut);
        }
    }

    /** Rows {@code "row N\n"}. */
    private static List<byte[]> rows(int n) {
        List<byte[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(("row " + i + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return rows;
    }

    /** The complete rows after {@code from}, in order. */
    private static List<String> rowText(byte[] archive, int from) {
        String text = new String(archive, from, archive.length - from, StandardCharsets.ISO_8859_1);
        return Pattern.compile("row [0-9]+\n")
                .matcher(text)
                .results()
                .map(MatchResult::group)
                .toList();
    }
}
