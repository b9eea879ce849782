package com.textloom.backup.repository.archiver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.index.BlobReader;
import com.textloom.backup.repository.index.MasterIndex;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.storage.FaultyBlobStore;
import com.textloom.backup.repository.storage.InMemoryBlobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What a backup holds in memory while the store is its bottleneck (an upload to S3 slower than
 * reading and compressing): the packs waiting for their upload and about one chunk, not a queue of
 * chunks that could only wait (backup-repository README, "Peak RSS of an S3 backup").
 */
class BlobSaverMemoryTest {
    private static final int PACK = 1 << 20;
    private static final int CHUNK = 64 << 10;
    /** Incompressible 64 KiB chunks: 16 fill a 1 MiB pack. */
    private static final int CHUNKS_PER_PACK = 16;

    @Test
    void whileTheStoreIsTheBottleneckOnlyTheUploadingPacksAndAboutOneChunkWaitInMemory() throws Exception {
        Gate gate = new Gate();
        FaultyBlobStore store = gate.around(new FaultyBlobStore(new InMemoryBlobStore("slow")));
        MasterKey key = MasterKey.random();
        MasterIndex index = new MasterIndex();
        int total = 1000;
        AtomicInteger accepted = new AtomicInteger();
        AtomicReference<Throwable> producerFailed = new AtomicReference<>();
        List<BlobId> ids = new ArrayList<>();
        try (BlobSaver saver = new BlobSaver(store, key, index, PACK, 3, 2, 4 * CHUNK)) {
            Thread producer = new Thread(
                    () -> {
                        Random random = new Random(12);
                        byte[] buffer = new byte[3 * CHUNK];
                        try {
                            for (int i = 0; i < total; i++) {
                                random.nextBytes(buffer);
                                // a reader's buffer, reused for the next chunk as soon as save returns
                                BlobId id = saver.saveCopy(BlobType.DATA, buffer, CHUNK / 2, CHUNK);
                                synchronized (ids) {
                                    ids.add(id);
                                }
                                accepted.incrementAndGet();
                            }
                        } catch (Throwable t) {
                            producerFailed.set(t);
                        }
                    },
                    "test-producer");
            producer.start();

            awaitStall(accepted, gate.dataPutsWaiting);
            // the first stall finds the queue full (8 MiB); each stored pack drains 16 chunks of it.
            // Two packs in upload (2 × 16 chunks), the chunks the two workers hold, and at most one
            // more admitted: with the full 8 MiB budget, 128 more chunks waited for the workers
            assertInMemoryAfterStoringOneByOne(gate, accepted, 2, 2 * CHUNKS_PER_PACK + 3);

            // the store catches up: the budget grows back and every blob arrives
            gate.open.set(true);
            gate.putsAllowed.release(total);
            producer.join(TimeUnit.SECONDS.toMillis(60));
            assertNull(producerFailed.get());
            assertEquals(total, accepted.get());
            saver.flush();
            assertEquals(total, saver.newBlobs());
        }
        Random random = new Random(12);
        byte[] buffer = new byte[3 * CHUNK];
        BlobReader reader = new BlobReader(store, key, index);
        for (int i = 0; i < total; i++) {
            random.nextBytes(buffer);
            byte[] chunk = java.util.Arrays.copyOfRange(buffer, CHUNK / 2, CHUNK / 2 + CHUNK);
            assertArrayEquals(chunk, reader.load(BlobType.DATA, ids.get(i)), "chunk " + i);
        }
    }

    /**
     * A store that asks for several concurrent puts (S3: bound by round trips, not by the CPU) gets
     * them, one pack filling meanwhile, and no more: 2 jobs alone overlapped only 2 uploads, and kept no
     * pack filling while they lasted.
     */
    @Test
    void aStoreAskingForConcurrentPutsGetsThemWithinTheirPackBuffers() throws Exception {
        Gate gate = new Gate();
        FaultyBlobStore store = gate.around(new FaultyBlobStore(new InMemoryBlobStore("remote")).concurrentPuts(4));
        int total = 1000;
        AtomicInteger accepted = new AtomicInteger();
        try (BlobSaver saver = new BlobSaver(store, MasterKey.random(), new MasterIndex(), PACK, 3, 2, 4 * CHUNK)) {
            Thread producer = new Thread(
                    () -> {
                        Random random = new Random(13);
                        byte[] chunk = new byte[CHUNK];
                        try {
                            for (int i = 0; i < total; i++) {
                                random.nextBytes(chunk);
                                saver.saveCopy(BlobType.DATA, chunk, 0, CHUNK);
                                accepted.incrementAndGet();
                            }
                        } catch (Throwable t) {
                            throw new AssertionError(t);
                        }
                    },
                    "test-producer");
            producer.start();
            awaitStall(accepted, gate.dataPutsWaiting, -1); // whatever number of puts the saver overlaps
            assertEquals(4, gate.dataPutsWaiting.get(), "data puts in flight at once");
            // four packs in upload and a fifth filled (its buffer the last one), the chunks the
            // workers hold and about one more: no sixth pack buffer
            assertInMemoryAfterStoringOneByOne(gate, accepted, 4, 5 * CHUNKS_PER_PACK + 3);
            gate.open.set(true);
            gate.putsAllowed.release(total);
            producer.join(TimeUnit.SECONDS.toMillis(60));
            assertEquals(total, accepted.get());
            saver.flush();
            assertEquals(total, saver.newBlobs());
        }
    }

    /**
     * Lets 20 packs be stored one at a time, the saver stalling at the store ({@code puts} waiting)
     * after each, then checks the chunks accepted and not stored.
     */
    private static void assertInMemoryAfterStoringOneByOne(Gate gate, AtomicInteger accepted, int puts, int most)
            throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            gate.putsAllowed.release();
            awaitStall(accepted, gate.dataPutsWaiting, puts);
        }
        int inMemory = accepted.get() - gate.dataPutsDone.get() * CHUNKS_PER_PACK;
        assertTrue(
                inMemory <= most,
                inMemory + " chunks accepted and not stored, after " + gate.dataPutsDone.get() + " packs stored");
    }

    /** Holds a store's data puts until released one by one, or until open, and counts them. */
    private static final class Gate {
        final Semaphore putsAllowed = new Semaphore(0);
        final AtomicBoolean open = new AtomicBoolean();
        final AtomicInteger dataPutsDone = new AtomicInteger();
        final AtomicInteger dataPutsWaiting = new AtomicInteger();

        FaultyBlobStore around(FaultyBlobStore store) {
            return store.onPut(name -> {
                        if (name.startsWith("data/") && !open.get()) {
                            dataPutsWaiting.incrementAndGet();
                            putsAllowed.acquireUninterruptibly();
                            dataPutsWaiting.decrementAndGet();
                        }
                    })
                    .onPutDone(name -> {
                        if (name.startsWith("data/")) {
                            dataPutsDone.incrementAndGet();
                        }
                    });
        }
    }

    /**
     * Waits until the saver stops taking chunks: two uploads wait at the gate and no chunk has been
     * accepted for 200 ms.
     */
    private static void awaitStall(AtomicInteger accepted, AtomicInteger putsWaiting) throws InterruptedException {
        awaitStall(accepted, putsWaiting, 2);
    }

    private static void awaitStall(AtomicInteger accepted, AtomicInteger putsWaiting, int puts)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int last = -1;
        int lastWaiting = -1;
        int stable = 0;
        while (stable < 2) {
            assertTrue(System.nanoTime() < deadline, "the saver did not stall at the store");
            Thread.sleep(100);
            int now = accepted.get();
            int waiting = putsWaiting.get();
            boolean stalled = puts < 0 ? waiting > 0 && waiting == lastWaiting : waiting == puts;
            stable = now == last && stalled ? stable + 1 : 0;
            last = now;
            lastWaiting = waiting;
        }
    }
}
