package com.textloom.backup.repository.storage.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import com.textloom.backup.repository.storage.metrics.StorageMetricsSink.Outcome;
import com.textloom.backup.repository.storage.metrics.StorageStats.Totals;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MeteredBlobStoreTest {
    record Event(String store, StorageOperation op, Outcome outcome, long bytes, Duration latency) {}

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final FaultyBlobStore faulty = new FaultyBlobStore(new InMemoryBlobStore("m"));
    private final MeteredBlobStore store = new MeteredBlobStore(
            faulty, (s, op, outcome, bytes, latency) -> events.add(new Event(s, op, outcome, bytes, latency)));

    @Test
    void everyOperationIsReportedWithItsBytesAndOutcome() throws Exception {
        store.put("data/aa/p1", new byte[1000]);
        try (InputStream in = store.open("data/aa/p1")) {
            in.readNBytes(600);
        }
        try (InputStream in = store.openRange("data/aa/p1", 100, 50)) {
            in.readAllBytes();
        }
        store.stat("data/aa/p1");
        assertThrows(BlobNotFoundException.class, () -> store.stat("data/aa/none"));
        store.list("data/");
        store.delete("data/aa/p1");
        faulty.failNext(Op.PUT, 1);
        assertThrows(StorageException.class, () -> store.put("index/i1", new byte[10]));

        assertEquals(
                List.of(
                        "put SUCCESS 1000",
                        "open SUCCESS 600",
                        "open_range SUCCESS 50",
                        "stat SUCCESS 0",
                        "stat NOT_FOUND 0",
                        "list SUCCESS 0",
                        "delete SUCCESS 0",
                        "put FAILURE 0"),
                events.stream()
                        .map(e -> e.op().tag() + " " + e.outcome() + " " + e.bytes())
                        .toList());
        assertTrue(events.stream()
                .allMatch(e ->
                        e.store().equals("faulty(memory:m)") && !e.latency().isNegative()));
    }

    /**
     * A put of a source reaches the store beneath as that source, not as a stream opened from it: the
     * S3 store sends a {@link BlobSource.Bytes} array as it is (no copy of a pack), and only sees one
     * if every decorator hands the source on.
     */
    @Test
    void aPutOfASourceReachesTheStoreAsThatSource() throws Exception {
        List<BlobSource> received = new CopyOnWriteArrayList<>();
        InMemoryBlobStore memory = new InMemoryBlobStore("s") {
            @Override
            public void put(String name, BlobSource source) throws IOException {
                received.add(source);
                super.put(name, source);
            }
        };
        MeteredBlobStore metered = new MeteredBlobStore(
                memory, (s, op, outcome, bytes, latency) -> events.add(new Event(s, op, outcome, bytes, latency)));
        BlobSource pack = BlobSource.of(new byte[100], 60);
        metered.put("data/aa/p3", pack);
        assertEquals(List.of(pack), received);
        assertEquals(60, memory.stat("data/aa/p3").size());
        assertEquals(
                List.of("put SUCCESS 60"),
                events.stream()
                        .map(e -> e.op().tag() + " " + e.outcome() + " " + e.bytes())
                        .toList());
    }

    @Test
    void aReadIsTimedUntilTheStreamIsClosed() throws Exception {
        store.put("data/aa/p2", new byte[10]);
        events.clear();
        try (InputStream in = store.open("data/aa/p2")) {
            Thread.sleep(120);
            in.readAllBytes();
        }
        assertEquals(1, events.size());
        assertTrue(events.get(0).latency().toMillis() >= 120, events.get(0).toString());
    }

    @Test
    void statsKeepTotalsPerOperation() throws Exception {
        StorageStats stats = new StorageStats();
        MeteredBlobStore counted = new MeteredBlobStore(faulty, stats);
        counted.put("data/aa/p1", new byte[300]);
        counted.put("data/aa/p2", new byte[200]);
        faulty.failNext(Op.PUT, 1);
        assertThrows(StorageException.class, () -> counted.put("data/aa/p3", new byte[5]));
        counted.readAll("data/aa/p1");
        Totals puts = stats.of(StorageOperation.PUT);
        assertEquals(3, puts.operations());
        assertEquals(1, puts.failures());
        assertEquals(500, puts.bytes());
        assertEquals(300, stats.of(StorageOperation.OPEN).bytes());
        assertEquals(0, stats.of(StorageOperation.DELETE).operations());
    }

    /** Metering changes nothing: the decorated store keeps every guarantee of the SPI. */
    @Nested
    class Contract extends BlobStoreContractTest {
        @Override
        protected BlobStore newStore() {
            return new MeteredBlobStore(new InMemoryBlobStore("contract"), new StorageStats());
        }

        @Override
        protected long largeBlobSize() {
            return 4L << 20;
        }
    }
}
