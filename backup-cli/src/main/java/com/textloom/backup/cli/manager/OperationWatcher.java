package com.textloom.backup.cli.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.textloom.backup.cli.Sizes;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Polls {@code GET /api/operations/{id}} until the operation is neither {@code queued} nor
 * {@code running}. On a terminal it redraws one progress line on stderr (status, component,
 * bytes, files, elapsed time) and clears it at the end; elsewhere it prints nothing.
 */
final class OperationWatcher {
  private static final long FIRST_POLL_MS = 200;
  private static final long MAX_POLL_MS = 2000;

  private final ManagerClient manager;
  private final PrintStream err;
  private final boolean drawProgress;

  OperationWatcher(ManagerClient manager, PrintStream err, boolean drawProgress) {
    this.manager = manager;
    this.err = err;
    this.drawProgress = drawProgress;
  }

  /** The wait ran out; the operation goes on in the manager. */
  static final class TimedOut extends RuntimeException {
    TimedOut(String message) {
      super(message);
    }
  }

  /**
   * The operation's final state as the manager shows it.
   *
   * @param limit how long to wait at most, or {@code null} for no limit
   * @throws TimedOut when {@code limit} ran out first
   * @throws ManagerException when the manager cannot be reached or no longer knows the operation
   */
  JsonNode await(String operationId, String label, Duration limit) throws ManagerException {
    long start = System.nanoTime();
    long pause = FIRST_POLL_MS;
    try {
      while (true) {
        JsonNode op = manager.get("/api/operations/" + ManagerClient.encode(operationId));
        String status = ManagerCommand.text(op, "status", "unknown");
        if (!status.equals("queued") && !status.equals("running")) {
          return op;
        }
        long elapsed = System.nanoTime() - start;
        if (drawProgress) {
          err.print("\r\033[K" + line(label, status, op.get("progress"), elapsed));
          err.flush();
        }
        if (limit != null && elapsed > limit.toNanos()) {
          throw new TimedOut(label + " is still " + status + " after " + limit.toSeconds()
              + " s; it goes on in the manager: follow it with GET " + manager.url()
              + "/api/operations/" + operationId);
        }
        Thread.sleep(pause);
        pause = Math.min(MAX_POLL_MS, pause * 2);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimedOut("interrupted while waiting for " + label);
    } finally {
      if (drawProgress) {
        err.print("\r\033[K");
        err.flush();
      }
    }
  }

  private static String line(String label, String status, JsonNode progress, long elapsedNanos) {
    long secs = elapsedNanos / 1_000_000_000L;
    StringBuilder b = new StringBuilder(label).append(": ").append(status);
    if (progress != null && progress.isObject()) {
      if (progress.hasNonNull("component")) {
        b.append(", ").append(progress.get("component").asText());
      }
      if (progress.hasNonNull("components_total")) {
        b.append(String.format(Locale.ROOT, " (%d/%d done)", progress.path("components_done").asInt(),
            progress.get("components_total").asInt()));
      }
      if (progress.hasNonNull("bytes_read")) {
        b.append(", ").append(Sizes.human(progress.get("bytes_read").asLong())).append(" read");
      }
      if (progress.hasNonNull("files")) {
        b.append(", ").append(progress.get("files").asLong()).append(" files");
      }
    }
    return b.append(String.format(Locale.ROOT, "  %d:%02d", secs / 60, secs % 60)).toString();
  }
}
