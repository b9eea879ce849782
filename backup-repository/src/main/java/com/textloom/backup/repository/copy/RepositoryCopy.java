package com.textloom.backup.repository.copy;

import com.textloom.backup.repository.storage.BlobSource;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.BlobStore.BlobInfo;
import com.textloom.backup.repository.storage.StorageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a repository's snapshots from one store to another: the guide's "local storage, then
 * remote sync". The destination becomes a replica of the same repository (same id and keys; the
 * blobs are copied as they are, still encrypted, so no key is needed).
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Only what is missing moves</b>: a blob already at the destination with the same size is
 *       skipped (blobs are immutable and named by content or random ids, and puts are atomic, so
 *       the same name and size means the same blob).</li>
 *   <li><b>Snapshots last</b>: blobs move in {@link CopyPhase} order (packs, index files, key
 *       slots, config, snapshots) and a phase starts only when the one before is complete. If the
 *       copy is interrupted at any point (a failure, a killed process), the destination shows no
 *       snapshot that needs a blob it does not have, and the next run resumes where this one
 *       stopped.</li>
 *   <li><b>Streamed</b>: each blob flows from the source's stream to the destination's put, never
 *       held whole in memory; {@link CopyOptions#parallelism()} blobs move at the same time. Puts
 *       use a re-readable {@link BlobSource}, so a retrying destination can replay them.</li>
 *   <li><b>Never mixes repositories</b>: a destination holding a different {@code config} is
 *       refused before anything is copied. Nothing is ever deleted at the destination, and locks
 *       are not copied.</li>
 * </ul>
 */
public final class RepositoryCopy {
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryCopy.class);
    private static final String CONFIG = "config";

    private final BlobStore source;
    private final BlobStore destination;
    private final CopyOptions options;
    private final AtomicLong blobsCopied = new AtomicLong();
    private final AtomicLong bytesCopied = new AtomicLong();
    private final AtomicLong blobsSkipped = new AtomicLong();
    private final AtomicLong bytesSkipped = new AtomicLong();
    private final List<String> snapshotsCopied = Collections.synchronizedList(new ArrayList<>());
    private long start;

    private RepositoryCopy(BlobStore source, BlobStore destination, CopyOptions options) {
        this.source = source;
        this.destination = destination;
        this.options = options;
    }

    /**
     * Copies what {@code destination} lacks of the repository in {@code source}.
     *
     * @throws IllegalArgumentException if a snapshot named in the options is not in the source
     * @throws StorageException if the source holds no repository or the destination another one
     * @throws CopyException if a transfer failed; it carries what was done until then
     */
    public static CopyReport copy(BlobStore source, BlobStore destination, CopyOptions options) throws IOException {
        return new RepositoryCopy(source, destination, options).run();
    }

    private CopyReport run() throws IOException {
        start = System.nanoTime();
        checkRepositories();
        Set<String> selected = selectedSnapshots();
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelism(), transferThreads());
        try {
            for (CopyPhase phase : CopyPhase.values()) {
                List<BlobInfo> wanted = blobsOf(source, phase);
                if (phase == CopyPhase.SNAPSHOTS && !selected.isEmpty()) {
                    wanted.removeIf(b -> !selected.contains(b.name()));
                }
                Map<String, Long> present = blobsOf(destination, phase).stream()
                        .collect(Collectors.toMap(BlobInfo::name, BlobInfo::size, (a, b) -> a));
                List<BlobInfo> missing = new ArrayList<>();
                for (BlobInfo blob : wanted) {
                    Long size = present.get(blob.name());
                    if (size != null && size == blob.size()) {
                        blobsSkipped.incrementAndGet();
                        bytesSkipped.addAndGet(blob.size());
                    } else {
                        missing.add(blob);
                    }
                }
                long bytes = missing.stream().mapToLong(BlobInfo::size).sum();
                LOG.info(
                        "copy {} -> {}: {} {} blobs ({} bytes) to copy, {} already there",
                        source.describe(),
                        destination.describe(),
                        missing.size(),
                        phase,
                        bytes,
                        wanted.size() - missing.size());
                options.listener().phaseStarted(phase, missing.size(), bytes);
                transfer(pool, phase, missing);
            }
        } finally {
            pool.shutdownNow();
        }
        return report();
    }

    private void checkRepositories() throws IOException {
        if (!source.exists(CONFIG)) {
            throw new StorageException(source.describe() + " holds no repository (it has no config)");
        }
        if (destination.exists(CONFIG) && !Arrays.equals(source.readAll(CONFIG), destination.readAll(CONFIG))) {
            throw new StorageException("cannot copy " + source.describe() + " to " + destination.describe()
                    + ": the destination holds a different repository");
        }
    }

    private Set<String> selectedSnapshots() throws IOException {
        if (options.snapshots().isEmpty()) {
            return Set.of();
        }
        Set<String> names = options.snapshots().stream()
                .map(id -> CopyPhase.SNAPSHOTS.prefix() + id)
                .collect(Collectors.toSet());
        Set<String> existing = source.list(CopyPhase.SNAPSHOTS.prefix()).stream()
                .map(BlobInfo::name)
                .collect(Collectors.toSet());
        List<String> unknown =
                names.stream().filter(n -> !existing.contains(n)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no such snapshot in " + source.describe() + ": "
                    + unknown.stream()
                            .map(n -> n.substring(CopyPhase.SNAPSHOTS.prefix().length()))
                            .collect(Collectors.joining(", ")));
        }
        return names;
    }

    private static List<BlobInfo> blobsOf(BlobStore store, CopyPhase phase) throws IOException {
        List<BlobInfo> blobs = new ArrayList<>(store.list(phase.prefix()));
        if (phase == CopyPhase.CONFIG) {
            blobs.removeIf(b -> !b.name().equals(CONFIG));
        }
        return blobs;
    }

    /** Copies {@code blobs} with the pool and returns when all are there, or fails the copy. */
    private void transfer(ExecutorService pool, CopyPhase phase, List<BlobInfo> blobs) throws IOException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger done = new AtomicInteger();
        List<Future<?>> transfers = new ArrayList<>(blobs.size());
        for (BlobInfo blob : blobs) {
            transfers.add(pool.submit(() -> {
                if (stop.get()) {
                    return null;
                }
                try {
                    destination.put(blob.name(), BlobSource.of(source, blob.name(), blob.size()));
                } catch (IOException | RuntimeException e) {
                    stop.set(true);
                    throw e;
                }
                blobsCopied.incrementAndGet();
                bytesCopied.addAndGet(blob.size());
                if (phase == CopyPhase.SNAPSHOTS) {
                    snapshotsCopied.add(blob.name().substring(phase.prefix().length()));
                }
                done.incrementAndGet();
                options.listener().copied(blob.name(), blob.size());
                return null;
            }));
        }
        Throwable failure = null;
        for (Future<?> transfer : transfers) {
            try {
                transfer.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause();
                }
            } catch (InterruptedException e) {
                stop.set(true);
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("copy to " + destination.describe() + " interrupted");
            }
        }
        if (failure != null) {
            throw new CopyException(
                    "copy from " + source.describe() + " to " + destination.describe()
                            + " stopped in phase " + phase.name().toLowerCase(java.util.Locale.ROOT) + " after "
                            + done.get() + " of "
                            + blobs.size() + " blobs (a rerun resumes): " + failure.getMessage(),
                    phase,
                    report(),
                    failure);
        }
    }

    private CopyReport report() {
        return new CopyReport(
                blobsCopied.get(),
                bytesCopied.get(),
                blobsSkipped.get(),
                bytesSkipped.get(),
                List.copyOf(snapshotsCopied),
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static java.util.concurrent.ThreadFactory transferThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "repository-copy-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
