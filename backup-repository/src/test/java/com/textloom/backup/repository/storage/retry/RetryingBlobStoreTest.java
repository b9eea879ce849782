package com.textloom.backup.repository.storage.retry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.storage.BlobNotFoundException;
import com.textloom.backup.repository.storage.BlobSource;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.BlobStoreContractTest;
import com.textloom.backup.repository.storage.FaultyBlobStore;
import com.textloom.backup.repository.storage.FaultyBlobStore.Op;
import com.textloom.backup.repository.storage.InMemoryBlobStore;
import com.textloom.backup.repository.storage.StorageException;
import com.textloom.backup.repository.storage.TransientStorageException;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RetryingBlobStoreTest {
    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(8), 2.0);

    private final InMemoryBlobStore memory = new InMemoryBlobStore("backend");
    private final FaultyBlobStore faulty = new FaultyBlobStore(memory);
    private final RetryingBlobStore store = new RetryingBlobStore(faulty, FAST);

    @Test
    void transientFailuresAreRetriedUntilTheOperationSucceeds() throws Exception {
        memory.put("config", new byte[] {1, 2});
        faulty.failNext(Op.STAT, 3);
        assertEquals(2, store.stat("config").size());
        assertEquals(4, faulty.calls(Op.STAT));
        faulty.failNext(Op.OPEN, 2);
        assertArrayEquals(new byte[] {1, 2}, store.readAll("config"));
        faulty.failNext(Op.LIST, 1).failNext(Op.DELETE, 1).failNext(Op.OPEN_RANGE, 1);
        assertEquals(1, store.list("").size());
        try (var in = store.openRange("config", 1, 1)) {
            assertArrayEquals(new byte[] {2}, in.readAllBytes());
        }
        store.delete("config");
        assertFalse(memory.exists("config"));
    }

    @Test
    void aPutFromAReReadableSourceIsReplayedWholeAfterABrokenUpload() throws Exception {
        byte[] data = new byte[10_000];
        new java.util.Random(1).nextBytes(data);
        faulty.breakPutsAfter(4_000).failNext(Op.PUT, 1);
        // first try refused, second breaks after 4000 bytes: no try may leave a blob behind
        StorageException e = assertThrows(StorageException.class, () -> store.put("data/aa/p1", data));
        assertFalse(memory.exists("data/aa/p1"));
        assertEquals(4, faulty.calls(Op.PUT));
        assertTrue(e.getMessage().contains("after 4 tries"), e.getMessage());
        faulty.heal().failNext(Op.PUT, 2);
        store.put("data/aa/p1", BlobSource.of(data));
        assertArrayEquals(data, memory.readAll("data/aa/p1"));
    }

    @Test
    void afterTheLastTryTheFailureNamesTheStoreAndTheNumberOfTries() {
        faulty.failFrom(Op.STAT, 1);
        StorageException e = assertThrows(StorageException.class, () -> store.stat("config"));
        assertFalse(e instanceof TransientStorageException, "final, so outer retries stop");
        assertEquals(
                "faulty(memory:backend) failed stat config after 4 tries: injected failure of"
                        + " STAT config (call 4) in faulty(memory:backend)",
                e.getMessage());
        assertInstanceOf(TransientStorageException.class, e.getCause());
        assertEquals(4, faulty.calls(Op.STAT));
    }

    @Test
    void aMissingBlobIsNeverRetried() {
        assertThrows(BlobNotFoundException.class, () -> store.open("snapshots/none"));
        assertEquals(1, faulty.calls(Op.OPEN));
    }

    @Test
    void aPutFromABareStreamIsTriedOnceAndSaysWhy() {
        faulty.failNext(Op.PUT, 1);
        StorageException e = assertThrows(
                StorageException.class, () -> store.put("index/i1", new ByteArrayInputStream(new byte[3]), 3));
        assertTrue(e.getMessage().contains("after 1 try (a stream cannot be replayed"), e.getMessage());
        assertEquals(1, faulty.calls(Op.PUT));
    }

    @Test
    void backoffGrowsExponentiallyWithJitterUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), 2.0);
        for (int i = 0; i < 50; i++) {
            assertBetween(50, 100, policy.delayBefore(2).toMillis());
            assertBetween(100, 200, policy.delayBefore(3).toMillis());
            assertBetween(400, 800, policy.delayBefore(5).toMillis());
            assertBetween(500, 1000, policy.delayBefore(9).toMillis());
        }
    }

    @Test
    void waitingBetweenTriesTakesThePolicysDelays() throws Exception {
        RetryingBlobStore patient =
                new RetryingBlobStore(faulty, new RetryPolicy(3, Duration.ofMillis(200), Duration.ofMillis(200), 1.0));
        memory.put("config", new byte[1]);
        faulty.failNext(Op.STAT, 2);
        long start = System.nanoTime();
        patient.stat("config");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 200 && millis < 5000, "two waits of 100..200 ms, took " + millis);
    }

    private static void assertBetween(long min, long max, long value) {
        assertTrue(value >= min && value <= max, value + " not in [" + min + ", " + max + "]");
    }

    /** Decorated, a healthy store still keeps every guarantee of the SPI. */
    @Nested
    class Contract extends BlobStoreContractTest {
        @Override
        protected BlobStore newStore() {
            return new RetryingBlobStore(new InMemoryBlobStore("contract"), FAST);
        }

        @Override
        protected long largeBlobSize() {
            return 4L << 20;
        }
    }
}
