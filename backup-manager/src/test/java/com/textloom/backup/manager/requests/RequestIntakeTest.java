package com.textloom.backup.manager.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.ha.ManagerActivated;
import com.textloom.backup.manager.operation.Operation;
import com.textloom.backup.manager.operation.Operations;
import com.textloom.backup.manager.outbox.OutboxSender;
import com.textloom.backup.manager.service.RepositoryHolder;
import com.textloom.backup.repository.Repository;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager's request intake on its workers, with handlers of the test's own and the real operation store: what a
 * handler's failure leaves behind, and which worker a request runs on.
 */
class RequestIntakeTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private RequestIntake intake;

    /** What the intake published through the outbox, in order. */
    private final List<SuiteEvent> published = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (intake != null) {
            intake.workers.stop();
        }
    }

    /**
     * Issue 14: an Error (not a RuntimeException) thrown by a handler left its operation {@code running} forever and
     * ended the worker thread. It is recorded as failed, with the error, and the same worker runs the next request.
     */
    @Test
    void anErrorInAHandlerFailsItsOperationAndTheWorkerGoesOn() throws Exception {
        Map<String, Thread> ranOn = new ConcurrentHashMap<>();
        intake = intake(request -> {
            ranOn.put(request.requestId(), Thread.currentThread());
            if (request.requestId().startsWith("error-")) {
                throw new AssertionError("a handler's Error");
            }
        });
        String failing = "error-" + UUID.randomUUID();
        String next = "next-" + UUID.randomUUID();
        intake.accept(backup(failing, "manager-repo"));
        intake.accept(backup(next, "manager-repo"));

        Operation failed = awaitEnd(failing);
        assertEquals(Operation.FAILED, failed.status(), "the operation of the request whose handler threw: " + failed);
        assertTrue(String.valueOf(failed.result()).contains("a handler's Error"), "with the error: " + failed);
        awaitEnd(next);
        assertSame(ranOn.get(failing), ranOn.get(next), "the same worker thread runs the next request");
        assertTrue(ranOn.get(next).isAlive(), "and it is still alive");
        assertEquals(List.of(failing), failedCompletions(), "a failed completion for the request whose handler threw");
    }

    /**
     * A handler that threw published nothing: the operation was recorded failed, but the scheduler, the monitor and
     * whoever asked never learnt of the failure (no {@code backup_failed} alert). Its failed completion is published,
     * as for any failure; where none can be made, the operation alone is recorded failed.
     */
    @Test
    void aHandlerThatThrowsEndsWithItsFailedCompletionOrAtLeastAFailedOperation() throws Exception {
        intake = intake(request -> {
            throw new IllegalStateException("a handler's bug in " + request.requestId());
        });
        String thrown = "thrown-" + UUID.randomUUID();
        String noCompletion = "no-completion-" + UUID.randomUUID();
        intake.accept(backup(thrown, "manager-repo"));
        intake.accept(backup(noCompletion, "manager-repo"));
        assertEquals(Operation.FAILED, awaitEnd(thrown).status());
        Operation bare = awaitEnd(noCompletion);
        assertEquals(Operation.FAILED, bare.status(), bare.toString());
        assertTrue(String.valueOf(bare.result()).contains("a handler's bug"), bare.toString());
        assertEquals(List.of(thrown), failedCompletions());
        BackupCompleted done = (BackupCompleted) published.get(0);
        assertTrue(done.error().contains("a handler's bug in " + thrown), done.error());
    }

    private List<String> failedCompletions() {
        return published.stream()
                .filter(e -> e instanceof BackupCompleted c && c.status() == Outcome.FAILED)
                .map(e -> ((BackupCompleted) e).requestId())
                .toList();
    }

    /** A VirtualMachineError is recorded too, then rethrown (the JVM's state is suspect); later requests still run. */
    @Test
    void aVirtualMachineErrorIsRecordedBeforeItIsRethrown() throws Exception {
        intake = intake(request -> {
            if (request.requestId().startsWith("vm-")) {
                throw new StackOverflowError("a handler's VirtualMachineError");
            }
        });
        String failing = "vm-" + UUID.randomUUID();
        String next = "next-" + UUID.randomUUID();
        intake.accept(backup(failing, "manager-repo"));
        intake.accept(backup(next, "manager-repo"));
        Operation failed = awaitEnd(failing);
        assertEquals(Operation.FAILED, failed.status(), failed.toString());
        assertTrue(String.valueOf(failed.result()).contains("a handler's VirtualMachineError"), failed.toString());
        assertEquals("success", awaitEnd(next).status());
    }

    /**
     * Issue 14: workers were keyed by the repository a request names, though every request runs against the
     * manager's one repository: two requests naming different repositories wrote to it at the same time. They run
     * one after the other, on the worker of the repository they write to.
     */
    @Test
    void requestsNamingDifferentRepositoriesRunOneAtATimeOnTheManagersRepositoryWorker() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Map<String, String> threads = new ConcurrentHashMap<>();
        intake = intake(request -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            threads.put(request.requestId(), Thread.currentThread().getName());
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
        });
        String a = "a-" + UUID.randomUUID();
        String b = "b-" + UUID.randomUUID();
        intake.accept(backup(a, "repository-a"));
        intake.accept(backup(b, "repository-b"));
        awaitEnd(a);
        awaitEnd(b);
        assertEquals(1, most.get(), "requests on the manager's one repository at the same time");
        assertEquals(
                Map.of(
                        a,
                        RepositoryWorkers.THREAD_PREFIX + "manager-repo",
                        b,
                        RepositoryWorkers.THREAD_PREFIX + "manager-repo"),
                threads);
    }

    private RequestIntake intake(Consumer<BackupRequested> handler) throws Exception {
        ManagerSettings settings = ManagerSettings.read(Map.of(
                "BACKUP_SCHEDULE_REPOSITORY", "manager-repo",
                "BACKUP_LOCAL_DIR", dir.resolve("backups").toString(),
                "BACKUP_STATE_DIR", dir.resolve("state").toString())::get);
        assertEquals("manager-repo", settings.repositoryName());
        Operations operations = new Operations();
        set(operations, "settings", settings);
        Method start = Operations.class.getDeclaredMethod("start", ManagerActivated.class);
        start.setAccessible(true);
        start.invoke(operations, new ManagerActivated("active"));

        RequestIntake intake = new RequestIntake();
        intake.settings = settings;
        intake.operations = operations;
        intake.workers = new RepositoryWorkers();
        intake.workers.settings = settings;
        intake.repositories = new RepositoryHolder() {
            @Override
            public synchronized Repository get() {
                return null; // the test's handlers write nothing
            }
        };
        Completions completions = new Completions();
        completions.operations = operations;
        completions.outbox = new OutboxSender() {
            @Override
            public void publish(SuiteEvent event, Runnable recorded) {
                published.add(event);
                recorded.run();
            }
        };
        intake.completions = completions;
        intake.handlers = List.of(new RequestHandler<BackupRequested>() {
            @Override
            public Class<BackupRequested> requestType() {
                return BackupRequested.class;
            }

            @Override
            public void run(Repository repository, BackupRequested request) {
                handler.accept(request);
                operations.update(request.requestId(), "success", null, null);
            }

            @Override
            public SuiteEvent failed(BackupRequested request, Instant at, String error) {
                if (request.requestId().startsWith("no-completion-")) {
                    throw new IllegalStateException("no failed completion can be made");
                }
                return BackupCompleted.failed(request, "backup-" + request.requestId(), at, at, error);
            }
        });
        return intake;
    }

    private static BackupRequested backup(String requestId, String repository) {
        return new BackupRequested(
                requestId, repository, BackupType.FULL, List.of("workspace"), "test", Instant.now(), null, null, null);
    }

    /** The operation once it left queued/running. */
    private Operation awaitEnd(String id) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Operation op = intake.operations.get(id).orElseThrow();
            if (!op.status().equals(Operation.QUEUED) && !op.status().equals(Operation.RUNNING)) {
                return op;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("operation " + id + " did not end: " + intake.operations.get(id));
    }

    private static void set(Object target, String field, Object value) throws Exception {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }
}
