package com.textloom.backup.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.textloom.backup.testservers.StallingHttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Every exchange ends within its limit, body included, and a bounded one keeps at most what was asked. */
class WholeExchangeTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void aServerStallingInItsBodyEndsTheExchangeAtTheLimit() {
        try (StallingHttpServer stalling = new StallingHttpServer()) {
            HttpRequest request = HttpRequest.newBuilder(stalling.uri())
                    .timeout(Duration.ofSeconds(1))
                    .build();
            HttpTimeoutException e = assertTimeoutPreemptively(
                    Duration.ofSeconds(20),
                    () -> assertThrows(
                            HttpTimeoutException.class,
                            () -> WholeExchange.send(
                                    client, request, HttpResponse.BodyHandlers.ofString(), Duration.ofMillis(1500))));
            assertTrue(e.getMessage().contains("1500 ms"), e.getMessage());
            assertTrue(stalling.connections() >= 1, "the server answered its headers: only the body stalled");
        }
    }

    @Test
    void theAsynchronousExchangeIsCancelledAtTheLimit() {
        try (StallingHttpServer stalling = new StallingHttpServer()) {
            CompletableFuture<HttpResponse<String>> sent = WholeExchange.sendAsync(
                    client,
                    HttpRequest.newBuilder(stalling.uri()).build(),
                    HttpResponse.BodyHandlers.ofString(),
                    Duration.ofMillis(1000));
            assertTimeoutPreemptively(
                    Duration.ofSeconds(20), () -> assertThrows(CancellationException.class, sent::join));
        }
    }

    @Test
    void aBoundedExchangeKeepsOneByteMoreThanTheLimitOfALargeAnswer() throws Exception {
        byte[] answer = new byte[1 << 20];
        Arrays.fill(answer, (byte) 'x');
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            WholeExchange.Bounded small = WholeExchange.sendBounded(
                    client, HttpRequest.newBuilder(uri).build(), 100, Duration.ofSeconds(20));
            assertEquals(200, small.status());
            assertEquals(101, small.body().length);
            assertTrue(small.larger(100));
            WholeExchange.Bounded whole = WholeExchange.sendBounded(
                    client, HttpRequest.newBuilder(uri).build(), answer.length, Duration.ofSeconds(20));
            assertArrayEquals(answer, whole.body());
            assertTrue(!whole.larger(answer.length));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRefusedConnectionIsTheClientsOwnFailure() throws Exception {
        int port;
        try (java.net.ServerSocket closed =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .build();
        Exception e = assertThrows(
                Exception.class,
                () -> WholeExchange.send(
                        client, request, HttpResponse.BodyHandlers.discarding(), Duration.ofSeconds(5)));
        assertTrue(e instanceof java.io.IOException && !(e instanceof HttpTimeoutException), e.toString());
    }
}
