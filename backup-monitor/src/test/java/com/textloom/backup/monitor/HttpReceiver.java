package com.textloom.backup.monitor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A real local HTTP server (JDK) standing in for a webhook receiver, Slack, or another service's health
 * endpoint: records every POST body per path; answers {@code /q/health/ready} with a settable status.
 */
public final class HttpReceiver implements AutoCloseable {

    /** One request received. */
    public record Received(String path, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int healthStatus = 200;
    private volatile int postStatus = 200;

    public HttpReceiver() throws IOException {
        this(0);
    }

    public HttpReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status;
            if (ex.getRequestURI().getPath().equals("/q/health/ready")) {
                status = healthStatus;
            } else if (ex.getRequestMethod().equals("POST")) {
                received.add(new Received(ex.getRequestURI().getPath(), body));
                status = postStatus;
            } else {
                status = 200;
            }
            byte[] answer = (status == 200 ? "ok" : "down").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, answer.length);
            ex.getResponseBody().write(answer);
        } finally {
            ex.close();
        }
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void healthStatus(int status) {
        this.healthStatus = status;
    }

    public void postStatus(int status) {
        this.postStatus = status;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(Predicate<Received> filter) {
        return received.stream().filter(filter).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
