package com.textloom.backup.repository.restorer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.ProgressListener;
import com.textloom.backup.repository.tree.Attributes;
import com.textloom.backup.repository.tree.Node;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileWriter} on real files: blobs written from several threads in any order land at their offsets, a file not
 * created yet is created (0600) by its first blob, a file's channel is kept from its first blob to its last and closed
 * then, never more than {@link FileWriter#MAX_OPEN} are open, a file is finished (its metadata set) once and only when
 * its content is complete, a partial file is never finished, and nothing is written after {@link FileWriter#close()}.
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
            // every other file is left to the writer to create
            boolean exists = f % 2 == 0;
            Path p = exists ? Files.createFile(dir.resolve("f" + f)) : dir.resolve("f" + f);
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
                    p, Node.file("f" + f, Attributes.unowned(0600, 0), all.length, null, null, null, content), exists));
        }
        Collections.shuffle(writes, random);
        AtomicLong bytes = new AtomicLong();
        AtomicInteger mostOpen = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        Map<Path, Integer> finished = new ConcurrentHashMap<>();
        List<String> early = Collections.synchronizedList(new ArrayList<>());
        FileWriter.Finisher finisher = job -> {
            finished.merge(job.path(), 1, Integer::sum);
            try {
                if (Files.size(job.path()) != job.node().size()) {
                    early.add(job.path() + " finished at " + Files.size(job.path()) + " bytes");
                }
            } catch (IOException e) {
                early.add(e.toString());
            }
        };
        try (FileWriter writer = new FileWriter(jobs, ProgressListener.NONE, bytes, finisher)) {
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
        assertEquals(List.of(), early);
        assertEquals(files, finished.size());
        assertTrue(finished.values().stream().allMatch(n -> n == 1), "a file was finished twice: " + finished);
        long total = 0;
        for (int f = 0; f < files; f++) {
            assertArrayEquals(expected.get(f), Files.readAllBytes(dir.resolve("f" + f)), "f" + f);
            if (f % 2 == 1) {
                assertEquals(
                        "rw-------",
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("f" + f))),
                        "f" + f + " created by the writer");
            }
            total += expected.get(f).length;
        }
        assertEquals(total, bytes.get());
    }

    @Test
    void aWriteAfterCloseIsRefusedAndCloseClosesWhatAFailedBatchLeftOpenWithoutFinishingThePartialFile()
            throws IOException {
        Path p = dir.resolve("half");
        Path other = dir.resolve("never");
        List<String> content = List.of("%064x".formatted(1), "%064x".formatted(2));
        List<Path> finished = Collections.synchronizedList(new ArrayList<>());
        FileWriter writer = new FileWriter(
                List.of(
                        new FileJob(
                                p,
                                Node.file("half", Attributes.unowned(0644, 0), 2 * BLOB, null, null, null, content),
                                false),
                        new FileJob(
                                other,
                                Node.file("never", Attributes.unowned(0644, 0), BLOB, null, null, null, content),
                                false)),
                ProgressListener.NONE,
                new AtomicLong(),
                job -> finished.add(job.path()));
        writer.write(new byte[BLOB], List.of(new FileWriter.Target(p, 0)));
        assertEquals(1, writer.openChannels(), "the file has a second blob to come: its channel is kept");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        writer.close();
        assertEquals(0, writer.openChannels());
        assertThrows(
                java.io.InterruptedIOException.class,
                () -> writer.write(new byte[BLOB], List.of(new FileWriter.Target(p, BLOB))));
        assertThrows(
                java.io.InterruptedIOException.class,
                () -> writer.write(new byte[BLOB], List.of(new FileWriter.Target(other, 0))));
        assertEquals(BLOB, Files.size(p));
        assertEquals(List.of(), finished, "a partial file was finished");
        assertFalse(Files.exists(other, LinkOption.NOFOLLOW_LINKS), "a file was created after close");
    }

    @Test
    void aFileWithOneBlobIsCreatedWrittenClosedAndFinishedWithoutAKeptChannel() throws IOException {
        Path p = dir.resolve("one");
        List<FileJob> finished = new ArrayList<>();
        try (FileWriter writer = new FileWriter(
                List.of(new FileJob(
                        p,
                        Node.file(
                                "one", Attributes.unowned(0644, 0), 3, null, null, null, List.of("%064x".formatted(1))),
                        false)),
                ProgressListener.NONE,
                new AtomicLong(),
                finished::add)) {
            writer.write(new byte[] {1, 2, 3}, List.of(new FileWriter.Target(p, 0)));
            assertEquals(0, writer.openChannels());
        }
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(p));
        assertEquals(1, finished.size());
    }

    @Test
    void aFileToCreateIsNeverWrittenThroughWhatWasPutInItsPlace() throws IOException {
        assertASymlinkInThePlaceOfTheFileIsNotFollowed(false, FileAlreadyExistsException.class);
    }

    @Test
    void aFileIsWrittenWithoutFollowingASymlinkPutInItsPlace() throws IOException {
        assertASymlinkInThePlaceOfTheFileIsNotFollowed(true, IOException.class);
    }

    /** A symlink to a file outside where the batch's file (created by the walk or not) should be: refused. */
    private void assertASymlinkInThePlaceOfTheFileIsNotFollowed(boolean exists, Class<? extends IOException> refusal)
            throws IOException {
        Path outside = Files.createFile(dir.resolve("outside"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), outside);
        List<String> content = List.of("%064x".formatted(1));
        FileWriter writer = new FileWriter(
                List.of(new FileJob(
                        link, Node.file("link", Attributes.unowned(0600, 0), BLOB, null, null, null, content), exists)),
                ProgressListener.NONE,
                new AtomicLong(),
                FileWriter.Finisher.NONE);
        assertThrows(refusal, () -> writer.write(new byte[BLOB], List.of(new FileWriter.Target(link, 0))));
        writer.close();
        assertEquals(0, Files.size(outside));
    }
}
