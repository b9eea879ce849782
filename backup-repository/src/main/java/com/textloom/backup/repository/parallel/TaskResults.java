package com.textloom.backup.repository.parallel;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The result of a task run on a worker thread, with the task's own failure: what the repository's parallel
 * stages (index loading, verify, archiving, restore) do with each future they wait for.
 */
public final class TaskResults {

    private TaskResults() {}

    /**
     * Waits for {@code task} and returns its result.
     *
     * @throws IOException            what the task threw when it was an {@link IOException} (so a
     *                                {@code CorruptBlobException} or {@code WrongKeyException} stays one); any other
     *                                checked failure wrapped in one
     * @throws InterruptedIOException when this thread is interrupted while waiting (its interrupt flag is set
     *                                again) or the task was cancelled
     * @throws RuntimeException       what the task threw when it was unchecked, as it was
     */
    public static <T> T get(Future<T> task) throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (CancellationException e) {
            throw new InterruptedIOException("cancelled");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        }
    }
}
