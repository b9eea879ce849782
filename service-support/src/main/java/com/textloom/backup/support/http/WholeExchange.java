package com.textloom.backup.support.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP exchange bounded as a whole. {@link HttpRequest.Builder#timeout} only bounds the wait for the response
 * headers: a server that sends its headers and then stalls in the body holds {@link HttpClient#send} (and the future
 * of {@link HttpClient#sendAsync}) forever. Here the whole exchange, body included, ends within the limit; at the
 * limit it is cancelled, which closes its connection.
 */
public final class WholeExchange {

    private WholeExchange() {
    }

    /**
     * Sends {@code request} and returns the response with its whole body, within {@code limit}.
     *
     * @throws HttpTimeoutException when the exchange did not end within {@code limit} (it is cancelled)
     * @throws IOException          the client's own failure (connection refused, reset, header timeout ...)
     */
    public static <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> body,
                                           Duration limit) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> sent = client.sendAsync(request, body);
        try {
            return sent.get(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + limit.toMillis() + " ms");
        } catch (InterruptedException e) {
            sent.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    /**
     * {@link #send} without blocking: the future fails with a {@link java.util.concurrent.CancellationException} when
     * the exchange did not end within {@code limit}.
     */
    public static <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpClient client, HttpRequest request,
                                                                   HttpResponse.BodyHandler<T> body, Duration limit) {
        CompletableFuture<HttpResponse<T>> sent = client.sendAsync(request, body);
        CompletableFuture.delayedExecutor(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS)
                .execute(() -> sent.cancel(true));
        return sent;
    }
}
