package com.textloom.backup.cli.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Follows a piece of work a service runs in the background (an operation of the manager, a
 * recovery or drill of disaster recovery) by polling its resource: every 0.2 s at first, then
 * less often, up to every 2 s. The status line is erased when the wait ends, however it ends.
 *
 * <p>A service that stops answering for a while (restarted, a proxy's 502/503/504, a network blip)
 * does not end the wait: the work goes on there, so polling goes on for up to
 * {@link #OUTAGE_GRACE} after its last answer, saying so once on stderr; then the error is final.
 */
public final class Poller {
    private static final long FIRST_POLL_MS = 200;
    private static final long MAX_POLL_MS = 2000;
    /** How long a service may stay silent during a wait before the wait fails. */
    static final Duration OUTAGE_GRACE = Duration.ofSeconds(60);

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

    /** What to tell a person who stops waiting: {@code it goes on in the X: follow it with GET URL}. */
    public static String goesOn(RestClient client, String path) {
        return "it goes on in the " + client.service().name() + ": follow it with GET " + client.url() + path;
    }

    /** Whether {@code e} may pass: the service was not reached, or a proxy says it is away. */
    private static boolean passing(RestException e) {
        int status = e.httpStatus();
        return status == 0 || status == 502 || status == 503 || status == 504;
    }

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
    public JsonNode await(String path, Predicate<JsonNode> finished, Observer observer, String label, Duration limit)
            throws RestException {
        long start = System.nanoTime();
        long lastAnswer = start;
        long pause = FIRST_POLL_MS;
        boolean outageSaid = false;
        try {
            while (true) {
                JsonNode state = null;
                try {
                    state = client.get(path);
                    lastAnswer = System.nanoTime();
                    outageSaid = false;
                } catch (RestException e) {
                    if (!passing(e) || System.nanoTime() - lastAnswer > OUTAGE_GRACE.toNanos()) {
                        throw e;
                    }
                    if (!outageSaid) {
                        line.warn("textloom-backup: " + e.getMessage() + "; still trying for up to "
                                + OUTAGE_GRACE.toSeconds() + " s (" + label + " goes on in the "
                                + client.service().name() + ")");
                        outageSaid = true;
                    }
                }
                long elapsed = System.nanoTime() - start;
                if (state != null) {
                    observer.seen(state, elapsed);
                    if (finished.test(state)) {
                        return state;
                    }
                }
                if (limit != null && elapsed > limit.toNanos()) {
                    throw new TimedOut(label + " is still " + RestCommand.text(state, "status", "unknown") + " after "
                            + limit.toSeconds() + " s; " + goesOn(client, path));
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
