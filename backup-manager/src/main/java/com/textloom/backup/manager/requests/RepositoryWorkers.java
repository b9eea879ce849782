package com.textloom.backup.manager.requests;

import com.textloom.backup.manager.config.ManagerSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The one owner of the manager's per-repository workers: for each repository one thread, {@code repository-<name>},
 * that runs the work given for it one piece at a time, in the order given (one writer per repository: requests,
 * deletes, storage switches, accept-new). Threads are daemons, made on first use and reused for every later call
 * (never a thread or executor per call), and stopped with the manager; after {@link #stop} nothing more is run.
 */
@ApplicationScoped
public class RepositoryWorkers {
    private static final Logger LOG = Logger.getLogger(RepositoryWorkers.class);
    /** The prefix of every worker thread's name. */
    public static final String THREAD_PREFIX = "repository-";

    @Inject
    ManagerSettings settings;

    private final Map<String, ExecutorService> workers = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    /** Runs {@code work} on the worker of {@code repository}, after what was given to it before. */
    public void execute(String repository, Runnable work) {
        worker(repository).execute(work);
    }

    /** Runs {@code work} on the worker of {@code repository}, after what was given to it before; completes with its result. */
    public <T> CompletableFuture<T> supply(String repository, Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, worker(repository));
    }

    /**
     * Runs {@code work} on the worker of the manager's repository, after the requests queued before it and before
     * those that come after: a storage switch never happens under a running backup.
     */
    public <T> CompletableFuture<T> onManagersRepository(Supplier<T> work) {
        return supply(settings.repositoryName(), work);
    }

    /**
     * Runs {@code work} on the worker of the manager's repository (the one every request writes to, whatever repository
     * it names), after what was given to it before.
     */
    public void runOnManagersRepository(Runnable work) {
        execute(settings.repositoryName(), work);
    }

    private ExecutorService worker(String repository) {
        if (stopped) {
            throw new RejectedExecutionException(
                    "the manager is stopping: no work for repository " + repository + " is taken");
        }
        return workers.computeIfAbsent(
                repository,
                r -> Executors.newSingleThreadExecutor(work -> {
                    Thread thread = new Thread(work, THREAD_PREFIX + r);
                    thread.setDaemon(true);
                    return thread;
                }));
    }

    /** Stops every worker: the work running is interrupted, the work waiting is not run. */
    @PreDestroy
    public void stop() {
        stopped = true;
        workers.forEach((repository, worker) -> {
            int dropped = worker.shutdownNow().size();
            if (dropped > 0) {
                LOG.infof(
                        "%d piece(s) of work waiting for repository %s are not run: the manager stops",
                        dropped, repository);
            }
        });
    }
}
