package com.textloom.backup.cli.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Follows a piece of work a service runs in the background (an operation of the manager, a
 * recovery or drill of disaster recovery) by polling its resource: every 0.2 s at first, then
 * less often, up to every 2 s. The status line is erased when the wait ends, however it ends.
 */
public final class Poller {
  private static final long FIRST_POLL_MS = 200;
  private static final long MAX_POLL_MS = 2000;

  /** The wait ran out, or was interrupted; the work goes on in the service. */
  public static final class TimedOut extends RuntimeException {
    TimedOut(String message) {
      super(message);
    }
  }

  /** Sees every state the service answers, the final one included. */
  public interface Observer {
    /**
     * @param state the resource as the service answered it
     * @param elapsedNanos time since the wait began
     */
    void seen(JsonNode state, long elapsedNanos);
  }

  private final RestClient client;
  private final StatusLine line;

  /**
   * @param client the service
   * @param line the progress line observers draw on; erased at the end
   */
  public Poller(RestClient client, StatusLine line) {
    this.client = client;
    this.line = line;
  }

  /**
   * GETs {@code path} until {@code finished} holds for the answer, and returns that answer.
   *
   * @param label what is waited for, for messages: {@code recovery r-1}
   * @param limit how long to wait at most, or {@code null} for no limit
   * @throws TimedOut when {@code limit} ran out first (the message says how to follow it)
   * @throws RestException when the service cannot be reached or no longer knows the resource
   */
  public JsonNode await(String path, Predicate<JsonNode> finished, Observer observer,
      String label, Duration limit) throws RestException {
    long start = System.nanoTime();
    long pause = FIRST_POLL_MS;
    try {
      while (true) {
        JsonNode state = client.get(path);
        long elapsed = System.nanoTime() - start;
        observer.seen(state, elapsed);
        if (finished.test(state)) {
          return state;
        }
        if (limit != null && elapsed > limit.toNanos()) {
          throw new TimedOut(label + " is still " + RestCommand.text(state, "status", "unknown")
              + " after " + limit.toSeconds() + " s; it goes on in the " + client.service().name() + ": follow it with GET "
              + client.url() + path);
        }
        Thread.sleep(pause);
        pause = Math.min(MAX_POLL_MS, pause * 2);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimedOut("interrupted while waiting for " + label);
    } finally {
      line.clear();
    }
  }
}
