package com.textloom.backup.repository.archiver;

import com.textloom.backup.repository.RepositoryException;
import com.textloom.backup.repository.crypto.FileIds;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.index.IndexFile;
import com.textloom.backup.repository.index.MasterIndex;
import com.textloom.backup.repository.pack.Aad;
import com.textloom.backup.repository.pack.BlobEncoding;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.pack.BlobType;
import com.textloom.backup.repository.pack.PackBuilder;
import com.textloom.backup.repository.pack.PackEntry;
import com.textloom.backup.repository.pack.PackWriter;
import com.textloom.backup.repository.pack.SealedFiles;
import com.textloom.backup.repository.storage.BlobStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The write half of the pipeline: hash → dedup → compress → encrypt → pack → store → index.
 *
 * <p>{@link #save} hashes in the caller's thread and returns the blob id at once; a new blob is
 * compressed by a worker pool and sealed straight into the open pack of its type (a data blob has
 * no array of its own: its place in the pack is reserved, then it is encoded into it and
 * encrypted in place); a full pack is uploaded by an upload pool and then indexed. Memory is
 * bounded: callers block while more than a budget of bytes waits for workers, and while too many
 * packs wait for upload; while the store is the bottleneck (a worker waits for a pack buffer) the
 * budget shrinks to one chunk, as more chunks queued would only wait in memory. Index files
 * are written only for packs whose upload completed (FORMAT.md §10, invariant 1), every 64 packs
 * or {@value #BLOBS_PER_INDEX} blobs, and at {@link #flush()}. A failure in any stage is raised by the next {@code save} or
 * {@code flush}.
 *
 * <p>The shared {@link MasterIndex} holds committed blobs only: a blob enters it once the index
 * file listing its pack is stored, never before. Until then the saver deduplicates against it in
 * its own pending set, which dies with the saver. So when a backup fails (a pack or index put
 * fails, the lease is lost, the saver is closed unflushed) nothing it stored is visible to later
 * backups on the same handle, which store those blobs again instead of referencing packs no index
 * lists (Kopia keeps pending and committed contents apart the same way).
 */
public final class BlobSaver implements AutoCloseable {
    private static final int PACKS_PER_INDEX = 64;
    /** The least budget of bytes waiting for workers, whatever the jobs and the chunk size. */
    static final int BUDGET_FLOOR = 8 << 20;
    /**
     * An index file is also written once the stored packs not yet indexed list this many blobs. Until
     * then each of their blobs is held twice over in the heap, in {@link #pending} and in its pack's
     * record (about 150 bytes a blob, against 55 once in the {@link MasterIndex}): a backup of
     * 200 000 small files (some 30 packs, never 64) held all of them until its end (backup-repository
     * README, "Index files by blob count"). Bounds that part of the heap at about 5 MB.
     */
    static final int BLOBS_PER_INDEX = 32_768;

    private final BlobStore store;
    private final MasterKey key;
    private final MasterIndex index;
    private final int zstdLevel;
    private final int metaLevel;
    private final ExecutorService workers;
    private final ExecutorService uploaders;
    private final Budget budget;
    private final int budgetBytes;
    /** The budget while the store is the bottleneck: one chunk (or tree) at a time. */
    private final int leanBytes;
    /** Whether the budget is lean; guarded by {@link #packs}. */
    private boolean lean;

    private final Semaphore uploadSlots;
    /** Pack puts in flight at most. */
    private final int uploads;
    /** Pack buffers of data a saver holds at most, the open pack's included. */
    private final int dataBuffers;
    /**
     * Data packs in memory (the open one and those waiting for or in upload): a new data pack waits
     * for a stored one's buffer beyond {@link #dataBuffers} of them, so a backup holds at most that
     * many pack buffers of data whatever the store's speed: 2 × 16.25 MiB with 2 jobs (and on S3 with
     * the default {@code MINIO_CONNECTIONS=2}); a store asking for more puts than the jobs give gets them,
     * and one more buffer, to keep a pack filling while they upload.
     */
    private final Semaphore dataPacks;

    /**
     * The most heap the data pack buffers of a store that asks for many concurrent puts take
     * ({@link BlobStore#concurrentPuts()}): 6 buffers of 16 MiB packs, 5 of them in upload. Each buffer
     * costs more than its size in peak RSS (the serial collector sizes the young generation by the old
     * one): measured 20-40 MB each on an S3 backup (backup-repository README, "Concurrent S3 uploads").
     */
    static final long MAX_UPLOAD_BUFFER_BYTES = 100L << 20;

    private final InFlight workInFlight = new InFlight();
    private final InFlight uploadsInFlight = new InFlight();
    /** Blobs saved by this saver and not yet in a stored index file. */
    private final ConcurrentHashMap<BlobId, Boolean> pending = new ConcurrentHashMap<>();
    /** Open packs; guarded by itself. */
    private final PackWriter packs;

    private final List<IndexFile.PackRecord> unindexed = new ArrayList<>();
    /** Blobs listed by {@link #unindexed}; guarded by it. */
    private int unindexedBlobs;

    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong storedBytes = new AtomicLong();
    private final AtomicLong newBlobs = new AtomicLong();
    private final AtomicLong sealedBytes = new AtomicLong();
    private final AtomicLong packsWritten = new AtomicLong();

    /**
     * @param zstdLevel zstd level for new blobs, 0 to store raw
     * @param jobs worker threads
     * @param maxChunk the largest blob callers will save (sizes the memory budget)
     */
    public BlobSaver(
            BlobStore store, MasterKey key, MasterIndex index, int packSize, int zstdLevel, int jobs, int maxChunk) {
        this.store = store;
        this.key = key;
        this.index = index;
        this.packs = new PackWriter(packSize);
        this.zstdLevel = zstdLevel;
        this.metaLevel = zstdLevel > 0 ? zstdLevel : 0;
        this.workers = Executors.newFixedThreadPool(jobs, threads("blob-worker"));
        // stores are latency-bound (fsync, HTTP round trips): overlap pack puts, as many as workers
        // fill packs; each costs a pack buffer (pack_size + 1/8) of heap. A store that asks for more
        // (an object store, bound by round trips, not by the CPU) gets them, within a memory budget,
        // and keeps a pack filling while they upload.
        int byJobs = Math.min(8, Math.max(2, jobs));
        int asked = store.concurrentPuts();
        long packBuffer = PackWriter.bufferSize(packSize);
        int affordable = (int) Math.max(2, MAX_UPLOAD_BUFFER_BYTES / packBuffer - 1);
        this.uploads = Math.max(byJobs, Math.min(asked, affordable));
        this.dataBuffers = uploads > byJobs ? uploads + 1 : uploads;
        this.uploaders = Executors.newFixedThreadPool(uploads, threads("pack-upload"));
        // room for each worker to hold the largest chunk, or about four average ones each (the chunker's
        // average is a quarter of its largest): more queued chunks only take heap, and the queued copies
        // that outlive a young collection are what fills the old generation (twice this budget cost a first
        // backup of 1 GiB 15 MB of peak RSS and 9 % of its wall time; half of it starved the workers:
        // backup-repository README, "A smaller queue of chunks")
        this.budgetBytes = Math.max(BUDGET_FLOOR, jobs * maxChunk);
        this.leanBytes = Math.min(budgetBytes, maxChunk + 1);
        this.budget = new Budget(budgetBytes);
        this.uploadSlots = new Semaphore(uploads);
        this.dataPacks = new Semaphore(dataBuffers);
    }

    static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The budget of bytes waiting for workers; it can shrink below what is taken. */
    private static final class Budget extends Semaphore {
        Budget(int permits) {
            super(permits);
        }

        void shrink(int permits) {
            reducePermits(permits);
        }
    }

    /**
     * Stores {@code data} as a blob unless the repository (or this saver) already has it. The
     * saver owns {@code data} afterwards.
     *
     * @return the blob id
     */
    public BlobId save(BlobType type, byte[] data) throws IOException {
        return save(type, data, 0, data.length, false);
    }

    /**
     * Stores {@code buf[off, off + len)} as a blob unless the repository (or this saver) already has
     * it; the bytes are copied only when the blob is new and the budget admits it, so the caller may
     * reuse {@code buf} when this returns (a reader's chunk buffer).
     *
     * @return the blob id
     */
    public BlobId saveCopy(BlobType type, byte[] buf, int off, int len) throws IOException {
        return save(type, buf, off, len, true);
    }

    private BlobId save(BlobType type, byte[] buf, int off, int len, boolean copy) throws IOException {
        checkFailure();
        BlobId id = BlobId.of(key.id(buf, off, len));
        if (index.has(id) || pending.putIfAbsent(id, Boolean.TRUE) != null) {
            return id;
        }
        // at most the lean budget, so that a blob is admitted whatever the budget's size
        int permits = Math.min(len + 1, leanBytes);
        try {
            budget.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while saving a blob");
        }
        byte[] data = copy ? Arrays.copyOfRange(buf, off, off + len) : buf;
        workInFlight.begin();
        try {
            workers.execute(() -> {
                try {
                    if (failure.get() == null) {
                        if (type == BlobType.DATA) {
                            storeData(id, data);
                        } else {
                            byte[] sealed = BlobEncoding.encodeAndSeal(
                                    key, Aad.blob(type, id), data, 0, data.length, zstdLevel);
                            append(type, id, sealed, data.length);
                        }
                    }
                } catch (Throwable t) {
                    fail(t);
                } finally {
                    budget.release(permits);
                    workInFlight.end();
                }
            });
        } catch (RuntimeException rejected) {
            budget.release(permits);
            workInFlight.end();
            throw new IOException("blob saver is closed", rejected);
        }
        return id;
    }

    /**
     * Encodes a data blob in the thread's buffers, reserves its place in the open data pack and
     * seals it there in place, outside the lock: the workers encrypt in parallel, and no blob has
     * an array of its own.
     */
    private void storeData(BlobId id, byte[] data) throws InterruptedException {
        BlobEncoding.Encoded encoded = BlobEncoding.encodeHeld(data, 0, data.length, zstdLevel);
        int boxLength = encoded.length() + MasterKey.OVERHEAD;
        PackWriter.Slot slot = reserveData(id, boxLength, data.length);
        try {
            encoded.copyTo(slot.buffer(), slot.offset() + MasterKey.NONCE);
            key.sealInPlace(Aad.blob(BlobType.DATA, id), slot.buffer(), slot.offset(), encoded.length());
        } catch (Throwable t) {
            fail(t); // before the pack can be stored: a failed saver stores nothing more
            throw t;
        } finally {
            PackBuilder ready = slot.written();
            if (ready != null) {
                upload(ready);
            }
        }
    }

    private PackWriter.Slot reserveData(BlobId id, int boxLength, int rawLength) throws InterruptedException {
        while (true) {
            PackBuilder ready;
            synchronized (packs) {
                if (!packs.isOpen(BlobType.DATA) || packs.hasRoom(BlobType.DATA, boxLength)) {
                    if (!packs.isOpen(BlobType.DATA)) {
                        takeDataPack();
                    }
                    PackWriter.Slot slot = packs.reserve(BlobType.DATA, id, boxLength, rawLength);
                    newBlobs.incrementAndGet();
                    sealedBytes.addAndGet(boxLength);
                    return slot;
                }
                ready = packs.close(BlobType.DATA);
            }
            if (ready != null) {
                upload(ready); // outside the lock, and before waiting for a buffer of our own
            }
        }
    }

    /**
     * Takes the right to open a data pack (released when the pack is stored), waiting for a stored
     * pack's buffer when {@link #dataBuffers} are in memory. A wait means the store is the bottleneck:
     * the budget then shrinks to {@link #leanBytes}, and grows back once a pack opens without a wait.
     * Called under the lock of {@link #packs}.
     */
    private void takeDataPack() throws InterruptedException {
        if (dataPacks.tryAcquire()) {
            if (lean) {
                lean = false;
                budget.release(budgetBytes - leanBytes);
            }
            return;
        }
        if (!lean) {
            lean = true;
            budget.shrink(budgetBytes - leanBytes);
        }
        dataPacks.acquire();
    }

    private void append(BlobType type, BlobId id, byte[] sealed, int rawLength) throws InterruptedException {
        List<PackBuilder> full;
        synchronized (packs) {
            full = packs.add(type, id, sealed, rawLength);
            newBlobs.incrementAndGet();
            sealedBytes.addAndGet(sealed.length);
        }
        for (PackBuilder pb : full) {
            upload(pb);
        }
    }

    private void upload(PackBuilder pb) throws InterruptedException {
        boolean data = pb.entries().get(0).type() == BlobType.DATA;
        try {
            uploadSlots.acquire();
        } catch (InterruptedException e) {
            if (data) {
                dataPacks.release();
            }
            throw e;
        }
        uploadsInFlight.begin();
        try {
            uploaders.execute(() -> {
                try {
                    if (failure.get() == null) {
                        storedBytes.addAndGet(PackWriter.store(store, key, pb));
                        packsWritten.incrementAndGet();
                        List<PackEntry> entries = List.copyOf(pb.entries());
                        List<IndexFile.PackRecord> toWrite = null;
                        synchronized (unindexed) {
                            unindexed.add(new IndexFile.PackRecord(pb.packId(), entries));
                            unindexedBlobs += entries.size();
                            if (unindexed.size() >= PACKS_PER_INDEX || unindexedBlobs >= BLOBS_PER_INDEX) {
                                toWrite = new ArrayList<>(unindexed);
                                unindexed.clear();
                                unindexedBlobs = 0;
                            }
                        }
                        if (toWrite != null) {
                            writeIndex(toWrite);
                        }
                    }
                } catch (Throwable t) {
                    fail(t);
                } finally {
                    packs.recycle(pb, dataBuffers);
                    if (data) {
                        dataPacks.release();
                    }
                    uploadSlots.release();
                    uploadsInFlight.end();
                }
            });
        } catch (RuntimeException rejected) {
            if (data) {
                dataPacks.release();
            }
            uploadSlots.release();
            uploadsInFlight.end();
            throw rejected;
        }
    }

    /**
     * Stores an index file listing {@code packs} (all stored), then makes their blobs visible in
     * the shared index: only now may another backup deduplicate against them.
     */
    private void writeIndex(List<IndexFile.PackRecord> packs) throws IOException {
        if (packs.isEmpty()) {
            return;
        }
        String id = FileIds.newId();
        IndexFile f = new IndexFile(System.currentTimeMillis(), List.of(), packs);
        SealedFiles.write(store, key, "index/" + id, f.encode(), metaLevel == 0 ? 3 : metaLevel);
        for (IndexFile.PackRecord p : packs) {
            index.add(p.packId(), p.entries());
            for (PackEntry e : p.entries()) {
                pending.remove(e.id());
            }
        }
    }

    /** Waits until every saved blob is in a pack (not necessarily stored yet). */
    public void awaitWorkers() throws IOException {
        try {
            workInFlight.awaitZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for workers");
        }
        checkFailure();
    }

    /**
     * Stores every open pack and writes the index for all stored packs. When it returns, every
     * blob saved so far is stored and indexed: a snapshot may now reference them.
     */
    public void flush() throws IOException {
        awaitWorkers();
        try {
            List<PackBuilder> partial;
            synchronized (packs) {
                partial = packs.drain();
            }
            for (PackBuilder pb : partial) {
                upload(pb);
            }
            uploadsInFlight.awaitZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while storing packs");
        }
        checkFailure();
        List<IndexFile.PackRecord> rest;
        synchronized (unindexed) {
            rest = new ArrayList<>(unindexed);
            unindexed.clear();
            unindexedBlobs = 0;
        }
        writeIndex(rest);
        if (!pending.isEmpty()) {
            throw new RepositoryException("internal error: " + pending.size() + " blobs saved but not indexed");
        }
    }

    /** Stops the pipeline: the next {@code save} or {@code flush} throws {@code cause}. */
    public void abort(Throwable cause) {
        fail(cause);
    }

    private void fail(Throwable t) {
        failure.compareAndSet(null, t);
    }

    private void checkFailure() throws IOException {
        Throwable t = failure.get();
        if (t == null) {
            return;
        }
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IOException("backup pipeline failed: " + t, t);
    }

    /** Bytes of packs stored so far. */
    public long storedBytes() {
        return storedBytes.get();
    }

    /** Blobs appended to packs so far (new, deduplicated blobs). */
    public long newBlobs() {
        return newBlobs.get();
    }

    /** Sealed bytes of new blobs appended so far (after compression and encryption). */
    public long newBytes() {
        return sealedBytes.get();
    }

    /** Packs stored so far. */
    public long packsWritten() {
        return packsWritten.get();
    }

    /**
     * Stops the pools; blobs not flushed are dropped: their packs are never indexed, and the shared
     * index never lists them.
     */
    @Override
    public void close() {
        failure.compareAndSet(null, new IOException("blob saver closed"));
        workers.shutdownNow();
        uploaders.shutdownNow();
    }
}
