package com.textloom.backup.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * An HTTP exchange bounded as a whole. {@link HttpRequest.Builder#timeout} only bounds the wait for the response
 * headers: a server that sends its headers and then stalls in the body holds {@link HttpClient#send} (and the future
 * of {@link HttpClient#sendAsync}) forever. Here the whole exchange, body included, ends within the limit; at the
 * limit it is cancelled, which closes its connection.
 */
public final class WholeExchange {

    private WholeExchange() {}

    /**
     * Sends {@code request} and returns the response with its whole body, within {@code limit}.
     *
     * @throws HttpTimeoutException when the exchange did not end within {@code limit} (it is cancelled)
     * @throws IOException          the client's own failure (connection refused, reset, header timeout ...)
     */
    public static <T> HttpResponse<T> send(
            HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> body, Duration limit)
            throws IOException, InterruptedException {
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
     * the exchange did not end within {@code limit} (the exchange is then cancelled, which closes its connection), and
     * with the client's own failure otherwise. The future is this method's own: the client's, once cancelled, may
     * instead complete with its cancellation wrapped, depending on which of its threads notices first (the
     * clean-clone CI of c0aaaef saw it).
     */
    public static <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> body, Duration limit) {
        CompletableFuture<HttpResponse<T>> sent = client.sendAsync(request, body);
        CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
        sent.whenComplete((response, failure) -> {
            if (failure == null) {
                result.complete(response);
            } else {
                result.completeExceptionally(
                        failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause()
                                : failure);
            }
        });
        result.whenComplete((response, failure) -> {
            if (failure instanceof CancellationException) {
                sent.cancel(true);
            }
        });
        CompletableFuture.delayedExecutor(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS)
                .execute(() -> result.cancel(true));
        return result;
    }

    /**
     * An answer read whole within a time limit and up to a size limit.
     *
     * @param body at most {@code limit + 1} bytes of the body: longer than {@code limit} means the answer was larger
     */
    public record Bounded(int status, HttpHeaders headers, byte[] body) {
        /** Whether the body was longer than {@code limit} (only its first {@code limit + 1} bytes were kept). */
        public boolean larger(int limit) {
            return body.length > limit;
        }
    }

    /**
     * {@link #send} keeping at most {@code limit + 1} bytes of the body (the rest is received and dropped): memory is
     * bounded whatever the server sends, time by {@code within}.
     */
    public static Bounded sendBounded(HttpClient client, HttpRequest request, int limit, Duration within)
            throws IOException, InterruptedException {
        BoundedBody body = new BoundedBody(limit + 1);
        HttpResponse<Void> r = send(client, request, HttpResponse.BodyHandlers.ofByteArrayConsumer(body), within);
        return new Bounded(r.statusCode(), r.headers(), body.bytes());
    }

    /** The first {@code limit} bytes of a body, whatever its length (the rest is received and dropped). */
    public static final class BoundedBody implements Consumer<Optional<byte[]>> {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int limit;

        public BoundedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void accept(Optional<byte[]> chunk) {
            chunk.ifPresent(b -> bytes.write(b, 0, Math.max(0, Math.min(b.length, limit - bytes.size()))));
        }

        /** What was kept so far. */
        public synchronized byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
