package com.textloom.backup.recovery.assess;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The moment a check must have answered by; waits on Vert.x futures no longer than that. {@link #remainingMillis()}
 * rounds up, so a wait or timer given it ends at or after the deadline, never before: a check that ran out of time
 * returns with {@link #passed()} true.
 */
record Deadline(long nanos, Duration budget) {

    static Deadline in(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos(), budget);
    }

    long remainingMillis() {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos - System.nanoTime() + 999_999));
    }

    /** Whether the deadline has come. */
    boolean passed() {
        return System.nanoTime() - nanos >= 0;
    }

    /**
     * The future's result, waited for until this deadline.
     *
     * @throws TimeoutException when it is not there in time
     * @throws Exception        the future's failure, as it is
     */
    <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(remainingMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** "no answer within 5000 ms", for a timed-out step. */
    String noAnswer() {
        return "no answer within " + budget.toMillis() + " ms";
    }
}
