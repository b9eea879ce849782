package com.textloom.backup.manager.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The one owner of the per-repository workers: however many calls (deletes, requests, switches), one named daemon
 * thread per repository runs them in order, and stopping the manager stops it and takes no more work. (Issue 14: the
 * delete once ran on an unnamed, non-daemon executor of its own.)
 */
class RepositoryWorkersTest {

    @Test
    void everyCallForARepositoryRunsInOrderOnItsOneNamedDaemonThreadAndStopEndsIt() throws Exception {
        String repository = "workers-" + UUID.randomUUID();
        RepositoryWorkers workers = new RepositoryWorkers();
        List<Integer> order = new ArrayList<>();
        List<CompletableFuture<Thread>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            calls.add(workers.supply(repository, () -> {
                order.add(n);
                return Thread.currentThread();
            }));
        }
        List<Thread> ran = new ArrayList<>();
        for (CompletableFuture<Thread> call : calls) {
            ran.add(call.get(10, TimeUnit.SECONDS));
        }
        Thread worker = ran.get(0);
        assertTrue(ran.stream().allMatch(t -> t == worker), "every call on the same thread: " + ran);
        assertEquals(RepositoryWorkers.THREAD_PREFIX + repository, worker.getName());
        assertTrue(worker.isDaemon(), "the worker must not keep the JVM alive");
        assertEquals(java.util.stream.IntStream.range(0, 50).boxed().toList(), order);
        assertEquals(1, threadsNamed(RepositoryWorkers.THREAD_PREFIX + repository), "one thread, not one per call");

        // another repository has its own worker, beside the first
        CountDownLatch held = new CountDownLatch(1);
        CompletableFuture<Thread> other = workers.supply(repository + "-other", () -> {
            await(held);
            return Thread.currentThread();
        });
        assertEquals(
                worker,
                workers.supply(repository, Thread::currentThread).get(10, TimeUnit.SECONDS),
                "a busy repository does not hold another one's work");
        held.countDown();
        assertFalse(other.get(10, TimeUnit.SECONDS) == worker);

        workers.stop();
        worker.join(10_000);
        assertFalse(worker.isAlive(), "the worker ends when the manager stops");
        assertThrows(RejectedExecutionException.class, () -> workers.supply(repository, () -> 1));
        assertThrows(RejectedExecutionException.class, () -> workers.execute("never-seen-" + repository, () -> {}));
        assertEquals(0, threadsNamed(RepositoryWorkers.THREAD_PREFIX + "never-seen-" + repository));
    }

    private static long threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name) && t.isAlive())
                .count();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
