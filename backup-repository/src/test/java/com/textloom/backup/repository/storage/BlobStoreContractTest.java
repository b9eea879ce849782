package com.textloom.backup.repository.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.storage.BlobStore.BlobInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The guarantees of the {@link BlobStore} Javadoc, proved against one backend. A subclass only
 * says how to build an empty store; each test gets its own (a fresh directory, bucket or prefix).
 */
public abstract class BlobStoreContractTest {

    /** An empty store, used by one test only. */
    protected abstract BlobStore newStore() throws Exception;

    /**
     * Size of a blob large enough to take the backend's large-blob path (multipart on S3); the
     * subclass configures its store so that this size crosses it.
     */
    protected long largeBlobSize() {
        return 20L << 20;
    }

    protected BlobStore store;

    @BeforeEach
    void createStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    @Test
    void putThenOpenReturnsTheSameBytes() throws IOException {
        byte[] data = randomBytes(100_000, 1);
        store.put("data/ab/ab01", new ByteArrayInputStream(data), data.length);
        try (InputStream in = store.open("data/ab/ab01")) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertArrayEquals(data, store.readAll("data/ab/ab01"));
    }

    @Test
    void emptyBlobRoundTrips() throws IOException {
        store.put("locks/empty", new byte[0]);
        assertEquals(new BlobInfo("locks/empty", 0), store.stat("locks/empty"));
        assertArrayEquals(new byte[0], store.readAll("locks/empty"));
    }

    @Test
    void putFromAReReadableSourceStoresIt() throws IOException {
        byte[] data = "config".getBytes(StandardCharsets.UTF_8);
        store.put("config", BlobSource.of(data));
        assertArrayEquals(data, store.readAll("config"));
    }

    /**
     * A blob in memory is the first bytes of an array (a pack in its reused, larger buffer): exactly
     * those are stored, on the backend's large-blob path as on its small one.
     */
    @Test
    void aPutFromThePrefixOfAnArrayStoresExactlyThatPrefix() throws IOException {
        int large = (int) largeBlobSize();
        byte[] buffer = randomBytes(large + 3000, 12);
        store.put("data/ef/ef01", BlobSource.of(buffer, large));
        store.put("index/ef02", BlobSource.of(buffer, 1000));
        assertEquals(new BlobInfo("data/ef/ef01", large), store.stat("data/ef/ef01"));
        assertArrayEquals(Arrays.copyOf(buffer, large), store.readAll("data/ef/ef01"));
        assertArrayEquals(Arrays.copyOf(buffer, 1000), store.readAll("index/ef02"));
    }

    @Test
    void putOfAnExistingNameReplacesTheWholeBlob() throws IOException {
        store.put("locks/l1", randomBytes(5000, 2));
        byte[] second = randomBytes(100, 3);
        store.put("locks/l1", second);
        assertArrayEquals(second, store.readAll("locks/l1"));
        assertEquals(100, store.stat("locks/l1").size());
    }

    @Test
    void aPutWhoseStreamFailsMidwayLeavesNoBlob() {
        int size = 3 << 20;
        IOException e = assertThrows(
                IOException.class,
                () -> store.put("data/cd/cd01", failingAfter(randomBytes(size / 2, 4), "disk read error"), size));
        assertFalse(e instanceof TransientStorageException, "a bad source is not worth a retry: " + e);
        assertNoBlob("data/cd/cd01");
    }

    @Test
    void aLargePutWhoseStreamFailsMidwayLeavesNoBlob() {
        long size = largeBlobSize();
        InputStream failing = new SequenceInputStream(
                new GeneratedStream(size - (1 << 20), 5), failingAfter(new byte[0], "source vanished"));
        assertThrows(IOException.class, () -> store.put("data/cd/cd02", failing, size));
        assertNoBlob("data/cd/cd02");
    }

    @Test
    void aStreamShorterThanTheDeclaredLengthFailsThePutAndLeavesNothing() {
        byte[] data = randomBytes(1000, 6);
        IOException e =
                assertThrows(IOException.class, () -> store.put("index/i1", new ByteArrayInputStream(data), 1001));
        assertTrue(e.getMessage().contains("index/i1"), e.getMessage());
        assertNoBlob("index/i1");
    }

    @Test
    void aStreamLongerThanTheDeclaredLengthFailsThePutAndLeavesNothing() {
        byte[] data = randomBytes(1000, 7);
        assertThrows(IOException.class, () -> store.put("index/i2", new ByteArrayInputStream(data), 999));
        assertNoBlob("index/i2");
        assertThrows(IOException.class, () -> store.put("index/i3", new ByteArrayInputStream(data), 0));
        assertNoBlob("index/i3");
    }

    @Test
    void openRangeReturnsExactlyTheRequestedBytes() throws IOException {
        byte[] data = randomBytes(50_000, 8);
        store.put("data/ef/ef01", data);
        long[][] ranges = {{0, 1}, {0, 50_000}, {12_345, 1000}, {49_999, 1}, {40_000, 10_000}, {50_000, 0}, {7, 0}};
        for (long[] r : ranges) {
            try (InputStream in = store.openRange("data/ef/ef01", r[0], r[1])) {
                assertArrayEquals(
                        Arrays.copyOfRange(data, (int) r[0], (int) (r[0] + r[1])),
                        in.readAllBytes(),
                        "range " + r[0] + "+" + r[1]);
            }
        }
    }

    @Test
    void aRangePastTheEndOfTheBlobFails() throws IOException {
        store.put("data/ef/ef02", randomBytes(1000, 9));
        for (long[] r : new long[][] {{900, 101}, {1000, 1}, {5000, 10}}) {
            StorageException e = assertThrows(
                    StorageException.class,
                    () -> store.openRange("data/ef/ef02", r[0], r[1]).close(),
                    "range " + r[0] + "+" + r[1]);
            assertFalse(e instanceof BlobNotFoundException, e.toString());
            assertFalse(e instanceof TransientStorageException, e.toString());
        }
    }

    @Test
    void statGivesTheSizeOfABlob() throws IOException {
        store.put("snapshots/s1", randomBytes(4321, 10));
        assertEquals(new BlobInfo("snapshots/s1", 4321), store.stat("snapshots/s1"));
        assertTrue(store.exists("snapshots/s1"));
        assertFalse(store.exists("snapshots/s2"));
    }

    @Test
    void aMissingBlobRaisesBlobNotFoundNamingIt() {
        for (Executable call : List.<Executable>of(
                () -> store.open("data/00/missing").close(),
                () -> store.openRange("data/00/missing", 0, 10).close(),
                () -> store.stat("data/00/missing"),
                () -> store.readAll("data/00/missing"))) {
            BlobNotFoundException e = assertThrows(BlobNotFoundException.class, call);
            assertEquals("data/00/missing", e.blobName());
            assertTrue(e.getMessage().contains(store.describe()), e.getMessage());
        }
    }

    @Test
    void listReturnsEveryBlobUnderThePrefixAndNothingElse() throws IOException {
        Map<String, Integer> blobs = new TreeMap<>(Map.of(
                "config",
                10,
                "keys/k1",
                11,
                "data/aa/aa01",
                12,
                "data/aa/aa02",
                13,
                "data/ab/ab01",
                14,
                "index/i1",
                15,
                "snapshots/s1",
                16,
                "database",
                17));
        for (Map.Entry<String, Integer> b : blobs.entrySet()) {
            store.put(b.getKey(), randomBytes(b.getValue(), b.getValue()));
        }
        assertEquals(blobs, sizes(store.list("")));
        assertEquals(Map.of("data/aa/aa01", 12, "data/aa/aa02", 13, "data/ab/ab01", 14), sizes(store.list("data/")));
        assertEquals(Map.of("data/aa/aa01", 12, "data/aa/aa02", 13), sizes(store.list("data/aa/")));
        assertEquals(Map.of("data/ab/ab01", 14), sizes(store.list("data/ab")));
        assertEquals(
                Map.of("database", 17, "data/aa/aa01", 12, "data/aa/aa02", 13, "data/ab/ab01", 14),
                sizes(store.list("data")));
        assertEquals(Map.of(), sizes(store.list("locks/")));
    }

    @Test
    void listReturnsThousandsOfBlobsAcrossPages() throws Exception {
        int count = 1100;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = String.format("index/%05d", i);
                puts.add(pool.submit(() -> {
                    store.put(name, name.getBytes(StandardCharsets.UTF_8));
                    return null;
                }));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdown();
        }
        store.put("snapshots/s1", new byte[1]);
        List<BlobInfo> listed = store.list("index/");
        assertEquals(count, listed.size());
        assertEquals(count, listed.stream().map(BlobInfo::name).distinct().count());
        assertTrue(listed.stream().allMatch(b -> b.size() == 11), "every index blob has 11 bytes");
        assertEquals(count + 1, store.list("").size());
    }

    @Test
    void deleteRemovesABlobAndDeletingAMissingBlobDoesNothing() throws IOException {
        store.put("locks/l2", new byte[] {1, 2, 3});
        store.delete("locks/l2");
        assertNoBlob("locks/l2");
        store.delete("locks/l2");
        store.delete("locks/never-written");
    }

    @Test
    void badNamesAreRejectedBeforeReachingTheMedium() {
        for (String bad :
                List.of("", "/config", "data/", "../outside", "data/../config", "a b", "data//x", "data\\x")) {
            for (Executable call : List.<Executable>of(
                    () -> store.put(bad, new byte[1]),
                    () -> store.open(bad),
                    () -> store.openRange(bad, 0, 1),
                    () -> store.stat(bad),
                    () -> store.delete(bad))) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, bad);
                assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> store.list("/data"));
        assertThrows(IllegalArgumentException.class, () -> store.list("../"));
    }

    @Test
    void aLargeBlobStreamsThroughWholeWithoutBeingHeldInMemory() throws Exception {
        long size = largeBlobSize() + 12_345;
        GeneratedStream source = new GeneratedStream(size, 11);
        store.put("data/ff/ff01", source, size);
        assertEquals(size, store.stat("data/ff/ff01").size());
        try (InputStream in = store.open("data/ff/ff01")) {
            assertEquals(source.digest(), sha256(in));
        }
        long offset = size - 3_000_000;
        try (InputStream in = store.openRange("data/ff/ff01", offset, 2_000_000);
                InputStream expected = new GeneratedStream(size, 11)) {
            expected.skipNBytes(offset);
            assertArrayEquals(expected.readNBytes(2_000_000), in.readAllBytes());
        }
    }

    @Test
    void concurrentPutsFromSeveralThreadsAllLand() throws Exception {
        int threads = 6;
        int perThread = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Map<String, byte[]> written = new java.util.concurrent.ConcurrentHashMap<>();
        Set<String> lockValues = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String name = String.format("data/%02x/t%d-%d", thread, thread, i);
                        byte[] data = randomBytes(1000 + thread * 100 + i, thread * 1000 + i);
                        store.put(name, data);
                        written.put(name, data);
                        String lock = "thread-" + thread + "-" + i;
                        lockValues.add(lock);
                        store.put("locks/shared", lock.getBytes(StandardCharsets.UTF_8));
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(threads * perThread, store.list("data/").size());
        for (Map.Entry<String, byte[]> w : written.entrySet()) {
            assertArrayEquals(w.getValue(), store.readAll(w.getKey()), w.getKey());
        }
        String lastLock = new String(store.readAll("locks/shared"), StandardCharsets.UTF_8);
        assertTrue(lockValues.contains(lastLock), "one whole value won: " + lastLock);
    }

    @Test
    void describeNamesTheStore() {
        assertFalse(store.describe().isBlank());
    }

    // ---------------------------------------------------------------------------------------------

    protected void assertNoBlob(String name) {
        assertThrows(BlobNotFoundException.class, () -> store.stat(name), name + " must not exist");
        try {
            assertFalse(store.list("").stream().anyMatch(b -> b.name().equals(name)), name + " must not be listed");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Integer> sizes(List<BlobInfo> blobs) {
        return blobs.stream()
                .collect(Collectors.toMap(
                        BlobInfo::name,
                        b -> (int) b.size(),
                        (a, b) -> {
                            throw new AssertionError("listed twice");
                        },
                        TreeMap::new));
    }

    protected static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A stream that yields {@code prefix} and then fails like a broken disk. */
    protected static InputStream failingAfter(byte[] prefix, String message) {
        return new SequenceInputStream(new ByteArrayInputStream(prefix), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException(message);
            }
        });
    }

    /** A local port that nothing listens on (it was free a moment ago). */
    public static int closedPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
            digest.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * {@code size} pseudo-random bytes generated on the fly (never held whole), with the SHA-256 of
     * everything read so far.
     */
    public static final class GeneratedStream extends InputStream {
        private final long size;
        private final Random random;
        private final MessageDigest digest;
        private final byte[] block = new byte[8192];
        private int blockPos = block.length;
        private long position;

        public GeneratedStream(long size, long seed) {
            this.size = size;
            this.random = new Random(seed);
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            if (blockPos == block.length) {
                random.nextBytes(block);
                blockPos = 0;
            }
            int n = (int) Math.min(Math.min(len, block.length - blockPos), size - position);
            System.arraycopy(block, blockPos, b, off, n);
            digest.update(block, blockPos, n);
            blockPos += n;
            position += n;
            return n;
        }

        /** The SHA-256 of the bytes read so far, hex. */
        public String digest() {
            try {
                return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
