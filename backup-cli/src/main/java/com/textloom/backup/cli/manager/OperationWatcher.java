package com.textloom.backup.cli.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.textloom.backup.cli.Sizes;
import com.textloom.backup.cli.rest.Poller;
import com.textloom.backup.cli.rest.RestClient;
import com.textloom.backup.cli.rest.RestCommand;
import com.textloom.backup.cli.rest.RestException;
import com.textloom.backup.cli.rest.StatusLine;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Follows {@code GET /api/operations/{id}} until the operation is neither {@code queued} nor
 * {@code running}. On a terminal it redraws one progress line on stderr (status, component,
 * bytes, files, elapsed time) and clears it at the end; elsewhere it prints nothing.
 */
final class OperationWatcher {
    private final RestClient manager;
    private final StatusLine line;

    OperationWatcher(RestClient manager, PrintStream err, boolean drawProgress) {
        this.manager = manager;
        this.line = new StatusLine(err, drawProgress);
    }

    /**
     * The operation's final state as the manager shows it.
     *
     * @param limit how long to wait at most, or {@code null} for no limit
     * @throws Poller.TimedOut when {@code limit} ran out first
     * @throws RestException when the manager cannot be reached or no longer knows the operation
     */
    JsonNode await(String operationId, String label, Duration limit) throws RestException {
        return new Poller(manager, line)
                .await(
                        "/api/operations/" + RestClient.encode(operationId),
                        op -> !running(op),
                        (op, elapsed) -> {
                            if (running(op)) {
                                line.draw(line(
                                        label, RestCommand.text(op, "status", "unknown"), op.get("progress"), elapsed));
                            }
                        },
                        label,
                        limit);
    }

    private static boolean running(JsonNode op) {
        String status = RestCommand.text(op, "status", "unknown");
        return status.equals("queued") || status.equals("running");
    }

    private static String line(String label, String status, JsonNode progress, long elapsedNanos) {
        long secs = elapsedNanos / 1_000_000_000L;
        StringBuilder b = new StringBuilder(label).append(": ").append(status);
        if (progress != null && progress.isObject()) {
            if (progress.hasNonNull("component")) {
                b.append(", ").append(progress.get("component").asText());
            }
            if (progress.hasNonNull("components_total")) {
                b.append(String.format(
                        Locale.ROOT,
                        " (%d/%d done)",
                        progress.path("components_done").asInt(),
                        progress.get("components_total").asInt()));
            }
            if (progress.hasNonNull("bytes_read")) {
                b.append(", ")
                        .append(Sizes.human(progress.get("bytes_read").asLong()))
                        .append(" read");
            }
            if (progress.hasNonNull("files")) {
                b.append(", ").append(progress.get("files").asLong()).append(" files");
            }
        }
        return b.append(String.format(Locale.ROOT, "  %d:%02d", secs / 60, secs % 60))
                .toString();
    }
}
