package com.textloom.backup.recovery.assess;

import com.textloom.backup.http.WholeExchange;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * One GET of a health URL with a deadline: up when it answers 2xx within {@code timeout}. The answer's body is
 * read (at most a few KiB matter) and discarded; a message never shows the URL's user info or query.
 */
final class HttpProbe {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    private HttpProbe() {}

    /**
     * @param up     2xx
     * @param status the HTTP status, 0 when there was no answer
     * @param error  why it is not up, in words, or null
     */
    record Answer(boolean up, int status, String error, long latencyMs) {}

    /**
     * GETs {@code url}, waiting no longer than {@code deadline} for the whole exchange, body included (the request's
     * own timeout ends at the response headers): at the deadline the exchange is cancelled, its connection closed.
     */
    static Answer get(URI url, Deadline deadline) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<Void> r = WholeExchange.send(
                    HTTP,
                    HttpRequest.newBuilder(url)
                            .timeout(Duration.ofMillis(deadline.remainingMillis()))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding(),
                    Duration.ofMillis(deadline.remainingMillis()));
            boolean up = r.statusCode() / 100 == 2;
            return new Answer(up, r.statusCode(), up ? null : "answered HTTP " + r.statusCode(), ms(t0));
        } catch (HttpTimeoutException e) {
            return new Answer(false, 0, deadline.noAnswer(), ms(t0));
        } catch (ConnectException e) {
            return new Answer(false, 0, "connection refused", ms(t0));
        } catch (IOException e) {
            return new Answer(
                    false,
                    0,
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    ms(t0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(false, 0, "interrupted", ms(t0));
        }
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
