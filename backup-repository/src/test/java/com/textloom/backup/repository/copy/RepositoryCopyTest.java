package com.textloom.backup.repository.copy;

import static com.textloom.backup.repository.copy.FabricatedRepository.digests;
import static com.textloom.backup.repository.copy.FabricatedRepository.digestsWithoutLocks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.FaultyBlobStore;
import com.textloom.backup.repository.storage.FaultyBlobStore.Op;
import com.textloom.backup.repository.storage.InMemoryBlobStore;
import com.textloom.backup.repository.storage.StorageException;
import com.textloom.backup.repository.storage.retry.RetryPolicy;
import com.textloom.backup.repository.storage.retry.RetryingBlobStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RepositoryCopyTest {
    private static final int PACKS = 12;
    private static final List<String> PHASES = List.of("data", "index", "keys", "config", "snapshots");
    private static final int BLOBS = 1 + 1 + PACKS + 2 + 3; // key, config, packs, index, snapshots

    private final InMemoryBlobStore source = new InMemoryBlobStore("source");
    private final InMemoryBlobStore target = new InMemoryBlobStore("target");
    private final CopyOptions options = CopyOptions.defaults().withParallelism(4);

    @BeforeEach
    void fabricate() throws Exception {
        FabricatedRepository.write(source, PACKS, 50_000, 1);
    }

    @Test
    void copiesEveryBlobButLocksAndSkipsThemAllOnTheNextRun() throws Exception {
        CopyReport first = RepositoryCopy.copy(source, target, options);
        assertEquals(BLOBS, first.blobsCopied());
        assertEquals(0, first.blobsSkipped());
        assertEquals(3, first.snapshotsCopied().size());
        assertEquals(digestsWithoutLocks(source), digests(target, ""));
        long bytes = source.list("").stream()
                .filter(b -> !b.name().startsWith("locks/"))
                .mapToLong(BlobStore.BlobInfo::size)
                .sum();
        assertEquals(bytes, first.bytesCopied());

        CopyReport second = RepositoryCopy.copy(source, target, options);
        assertEquals(0, second.blobsCopied());
        assertEquals(BLOBS, second.blobsSkipped());
        assertEquals(bytes, second.bytesSkipped());
        assertEquals(List.of(), second.snapshotsCopied());
    }

    @Test
    void noBlobOfAPhaseStartsBeforeEveryBlobOfTheEarlierPhasesArrived() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        FaultyBlobStore observed =
                new FaultyBlobStore(target).delay(Duration.ofMillis(3)).onPut(name -> events.add("start " + name));
        CopyListener arrivals = new CopyListener() {
            @Override
            public void copied(String name, long size) {
                events.add("end " + name);
            }
        };
        RepositoryCopy.copy(source, observed, options.withListener(arrivals));
        Map<String, Integer> total = new java.util.HashMap<>();
        for (String e : events) {
            if (e.startsWith("end ")) {
                total.merge(phaseOf(e.substring(4)), 1, Integer::sum);
            }
        }
        Map<String, Integer> ended = new java.util.HashMap<>();
        for (String e : events) {
            String name = e.substring(e.indexOf(' ') + 1);
            String phase = phaseOf(name);
            if (e.startsWith("end ")) {
                ended.merge(phase, 1, Integer::sum);
                continue;
            }
            for (String earlier : PHASES.subList(0, PHASES.indexOf(phase))) {
                assertEquals(
                        total.getOrDefault(earlier, 0),
                        ended.getOrDefault(earlier, 0),
                        name + " started before every " + earlier + " blob arrived: " + events);
            }
        }
        assertEquals(2 * BLOBS, events.size());
    }

    @Test
    void anInterruptedCopyShowsNoSnapshotAndTheRerunResumesSkippingWhatArrived() throws Exception {
        FaultyBlobStore failing = new FaultyBlobStore(target).failFrom(Op.PUT, 7);
        CopyException e = assertThrows(CopyException.class, () -> RepositoryCopy.copy(source, failing, options));
        assertEquals(CopyPhase.DATA, e.phase());
        assertTrue(e.getMessage().contains("stopped in phase data"), e.getMessage());
        assertTrue(e.getMessage().contains("a rerun resumes"), e.getMessage());
        long arrived = target.list("data/").size();
        assertTrue(arrived >= 6 && arrived < PACKS, "arrived " + arrived);
        assertEquals(arrived, e.partial().blobsCopied());
        assertEquals(List.of(), target.list("snapshots/"));
        assertEquals(List.of(), target.list("index/"));

        CopyReport rerun = RepositoryCopy.copy(source, failing.heal(), options);
        assertEquals(arrived, rerun.blobsSkipped());
        assertEquals(BLOBS - arrived, rerun.blobsCopied());
        assertEquals(digestsWithoutLocks(source), digests(target, ""));
    }

    @Test
    void aCopyInterruptedBeforeTheSnapshotsLeavesEverythingElseAndNoSnapshot() throws Exception {
        FaultyBlobStore failing = new FaultyBlobStore(target).failPutsOf(name -> name.startsWith("snapshots/"));
        CopyException e = assertThrows(CopyException.class, () -> RepositoryCopy.copy(source, failing, options));
        assertEquals(CopyPhase.SNAPSHOTS, e.phase());
        assertEquals(List.of(), target.list("snapshots/"));
        assertEquals(PACKS, target.list("data/").size());
        assertTrue(target.exists("config"));

        FaultyBlobStore indexFails =
                new FaultyBlobStore(new InMemoryBlobStore("other")).failPutsOf(name -> name.startsWith("index/"));
        assertEquals(
                CopyPhase.INDEX,
                assertThrows(CopyException.class, () -> RepositoryCopy.copy(source, indexFails, options))
                        .phase());
        assertEquals(List.of(), indexFails.list("snapshots/"));
        assertEquals(List.of(), indexFails.list("keys/"));
    }

    @Test
    void aRetryingDestinationReplaysTransfersThatBrokeOff() throws Exception {
        FaultyBlobStore flaky = new FaultyBlobStore(target).failNext(Op.PUT, 3);
        BlobStore retrying =
                new RetryingBlobStore(flaky, new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5), 2));
        CopyReport report = RepositoryCopy.copy(source, retrying, options);
        assertEquals(BLOBS, report.blobsCopied());
        assertEquals(BLOBS + 3, flaky.calls(Op.PUT));
        assertEquals(digestsWithoutLocks(source), digests(target, ""));
    }

    @Test
    void onlyTheChosenSnapshotsAreCopied() throws Exception {
        String chosen = FabricatedRepository.snapshotName(source, "bbbb");
        String id = chosen.substring("snapshots/".length());
        CopyReport report = RepositoryCopy.copy(source, target, options.withSnapshots(Set.of(id)));
        assertEquals(List.of(id), report.snapshotsCopied());
        assertEquals(
                List.of(chosen),
                target.list("snapshots/").stream().map(BlobStore.BlobInfo::name).toList());
        assertEquals(PACKS, target.list("data/").size());

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> RepositoryCopy.copy(source, target, options.withSnapshots(Set.of("nope", id))));
        assertEquals("no such snapshot in memory:source: nope", e.getMessage());
    }

    @Test
    void aDestinationHoldingAnotherRepositoryIsRefusedBeforeAnythingMoves() throws Exception {
        target.put("config", new byte[] {1, 2, 3});
        StorageException e = assertThrows(StorageException.class, () -> RepositoryCopy.copy(source, target, options));
        assertEquals(
                "cannot copy memory:source to memory:target: the destination holds a different" + " repository",
                e.getMessage());
        assertEquals(1, target.list("").size());
    }

    @Test
    void aSourceWithoutARepositoryIsRefused() {
        StorageException e = assertThrows(
                StorageException.class, () -> RepositoryCopy.copy(new InMemoryBlobStore("empty"), target, options));
        assertEquals("memory:empty holds no repository (it has no config)", e.getMessage());
    }

    @Test
    void transfersRunInParallel() throws Exception {
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        FaultyBlobStore slow = new FaultyBlobStore(target)
                .delay(Duration.ofMillis(100))
                .onPut(name -> most.accumulateAndGet(inFlight.incrementAndGet(), Math::max));
        CopyListener done = new CopyListener() {
            @Override
            public void copied(String name, long bytes) {
                inFlight.decrementAndGet();
            }
        };
        RepositoryCopy.copy(source, slow, options.withParallelism(6).withListener(done));
        // 12 packs of 100 ms each: the six transfer threads overlap (timing-free, so load-proof)
        assertTrue(most.get() >= 3, "at most " + most.get() + " transfers overlapped");
        assertTrue(most.get() <= 6, "more transfers than threads: " + most.get());
        assertEquals(digestsWithoutLocks(source), digests(target, ""));
    }

    private static String phaseOf(String name) {
        return name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
    }
}
