package com.textloom.backup.repository.storage.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently {@link RetryingBlobStore} tries: at most {@code maxTries} calls,
 * waiting between them a delay that starts at {@code initialDelay}, grows by {@code multiplier}
 * up to {@code maxDelay}, and is jittered (a random point in its upper half) so that parallel
 * transfers that failed together do not retry together.
 */
public record RetryPolicy(int maxTries, Duration initialDelay, Duration maxDelay, double multiplier) {

  /** 5 tries, 0.5 s doubling up to 10 s: rides out a restart of the endpoint of ~15 s. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(10), 2.0);

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
}
