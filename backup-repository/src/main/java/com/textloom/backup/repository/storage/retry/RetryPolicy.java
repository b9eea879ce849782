package com.textloom.backup.repository.storage.retry;

import com.textloom.backup.repository.storage.StorageException;
import com.textloom.backup.repository.storage.TransientStorageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How often and how patiently {@link RetryingBlobStore} tries: at most {@code maxTries} calls,
 * waiting between them a delay that starts at {@code initialDelay}, grows by {@code multiplier}
 * up to {@code maxDelay}, and is jittered (a random point in its upper half) so that parallel
 * transfers that failed together do not retry together.
 */
public record RetryPolicy(int maxTries, Duration initialDelay, Duration maxDelay, double multiplier) {
    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

    /** 5 tries, 0.5 s doubling up to 10 s: rides out a restart of the endpoint of ~15 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(10), 2.0);

    public RetryPolicy {
        if (maxTries < 1) {
            throw new IllegalArgumentException("maxTries must be at least 1, got " + maxTries);
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "need 0 <= initialDelay <= maxDelay, got " + initialDelay + " and " + maxDelay);
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
        }
    }

    /** The wait before try {@code nextTry} (2 for the first retry), jittered. */
    public Duration delayBefore(int nextTry) {
        double base = initialDelay.toNanos() * Math.pow(multiplier, nextTry - 2);
        long capped = (long) Math.min(base, maxDelay.toNanos());
        long half = capped / 2;
        return Duration.ofNanos(half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0));
    }

    /** A storage call that may fail. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code call}, trying again after a {@link TransientStorageException} until it succeeds or
     * {@link #maxTries()} calls failed; any other failure passes through at once.
     *
     * @param store the store's description, for the log and the final failure
     * @param operation what is done, e.g. {@code "put data/ab/ab12"}
     * @throws StorageException (not transient) "STORE failed OPERATION after N tries: LAST FAILURE"
     */
    public <T> T run(String store, String operation, Call<T> call) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (TransientStorageException e) {
                if (attempt >= maxTries) {
                    throw new StorageException(
                            store + " failed " + operation + " after " + attempt
                                    + (attempt == 1 ? " try: " : " tries: ") + e.getMessage(),
                            e);
                }
                long waitMillis = delayBefore(attempt + 1).toMillis();
                LOG.warn(
                        "{} failed {} (try {} of {}), retrying in {} ms: {}",
                        store,
                        operation,
                        attempt,
                        maxTries,
                        waitMillis,
                        e.getMessage());
                try {
                    Thread.sleep(waitMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    InterruptedIOException stop =
                            new InterruptedIOException("interrupted while retrying " + operation + " on " + store);
                    stop.initCause(e);
                    throw stop;
                }
            }
        }
    }
}
