package com.textloom.backup.repository.restorer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.ProgressListener;
import com.textloom.backup.repository.tree.Attributes;
import com.textloom.backup.repository.tree.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileWriter} on real files: blobs written from several threads in any order land at their offsets, a file's
 * channel is kept from its first blob to its last and closed then, never more than {@link FileWriter#MAX_OPEN} are
 * open, and nothing is written after {@link FileWriter#close()}.
 */
class FileWriterTest {
    private static final int BLOB = 4096;

    @TempDir
    Path dir;

    /** One blob write: which file, where, and the bytes. */
    private record Write(Path path, long offset, byte[] data) {}

    @Test
    void blobsFromManyThreadsInAnyOrderLandAtTheirOffsetsAndEveryChannelIsClosedAtTheLastBlob() throws Exception {
        Random random = new Random(20261204);
        int files = FileWriter.MAX_OPEN * 3;
        List<FileJob> jobs = new ArrayList<>();
        List<Write> writes = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            Path p = Files.createFile(dir.resolve("f" + f));
            int blobs = 1 + random.nextInt(5);
            byte[] all = new byte[blobs * BLOB];
            random.nextBytes(all);
            expected.add(all);
            List<String> content = new ArrayList<>();
            for (int b = 0; b < blobs; b++) {
                content.add("%064x".formatted(b));
                byte[] data = java.util.Arrays.copyOfRange(all, b * BLOB, (b + 1) * BLOB);
                writes.add(new Write(p, (long) b * BLOB, data));
            }
            jobs.add(new FileJob(
                    p, Node.file("f" + f, Attributes.unowned(0600, 0), all.length, null, null, null, content)));
        }
        Collections.shuffle(writes, random);
        AtomicLong bytes = new AtomicLong();
        AtomicInteger mostOpen = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try (FileWriter writer = new FileWriter(jobs, ProgressListener.NONE, bytes)) {
            List<Future<?>> done = new ArrayList<>();
            for (Write w : writes) {
                done.add(threads.submit(() -> {
                    writer.write(w.data(), List.of(new FileWriter.Target(w.path(), w.offset())));
                    mostOpen.accumulateAndGet(writer.openChannels(), Math::max);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertEquals(0, writer.openChannels(), "a channel outlived its file's last blob");
        } finally {
            threads.shutdownNow();
        }
        assertTrue(mostOpen.get() <= FileWriter.MAX_OPEN, "open channels: " + mostOpen.get());
        assertTrue(mostOpen.get() > 1, "no channel was ever kept open between a file's blobs");
        long total = 0;
        for (int f = 0; f < files; f++) {
            assertArrayEquals(expected.get(f), Files.readAllBytes(dir.resolve("f" + f)), "f" + f);
            total += expected.get(f).length;
        }
        assertEquals(total, bytes.get());
    }

    @Test
    void aWriteAfterCloseIsRefusedAndCloseClosesWhatAFailedBatchLeftOpen() throws IOException {
        Path p = Files.createFile(dir.resolve("half"));
        List<String> content = List.of("%064x".formatted(1), "%064x".formatted(2));
        FileWriter writer = new FileWriter(
                List.of(new FileJob(
                        p, Node.file("half", Attributes.unowned(0600, 0), 2 * BLOB, null, null, null, content))),
                ProgressListener.NONE,
                new AtomicLong());
        writer.write(new byte[BLOB], List.of(new FileWriter.Target(p, 0)));
        assertEquals(1, writer.openChannels(), "the file has a second blob to come: its channel is kept");
        writer.close();
        assertEquals(0, writer.openChannels());
        assertThrows(
                java.io.InterruptedIOException.class,
                () -> writer.write(new byte[BLOB], List.of(new FileWriter.Target(p, BLOB))));
        assertEquals(BLOB, Files.size(p));
    }

    @Test
    void aFileIsWrittenWithoutFollowingASymlinkPutInItsPlace() throws IOException {
        Path outside = Files.createFile(dir.resolve("outside"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), outside);
        FileWriter writer = new FileWriter(
                List.of(new FileJob(
                        link,
                        Node.file(
                                "link",
                                Attributes.unowned(0600, 0),
                                BLOB,
                                null,
                                null,
                                null,
                                List.of("%064x".formatted(1))))),
                ProgressListener.NONE,
                new AtomicLong());
        assertThrows(IOException.class, () -> writer.write(new byte[BLOB], List.of(new FileWriter.Target(link, 0))));
        writer.close();
        assertEquals(0, Files.size(outside));
    }
}
