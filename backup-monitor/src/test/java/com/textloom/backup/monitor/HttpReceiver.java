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
 * endpoint: records every POST body per path; answers {@code /q/health/ready} with a settable status, and a GET of a
 * path given to {@link #answer} with that answer (disaster-recovery's objectives and reports).
 */
public final class HttpReceiver implements AutoCloseable {

    /** One request received. */
    public record Received(String path, String body) {}

    /** What a GET of a path answers (200). */
    private record Answer(String contentType, String body, int status) {}

    private final HttpServer server;
    private final java.util.Map<String, Answer> answers = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Received> gets = new CopyOnWriteArrayList<>();
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
            } else if (ex.getRequestMethod().equals("GET")
                    && answers.containsKey(ex.getRequestURI().getPath())) {
                Answer a = answers.get(ex.getRequestURI().getPath());
                gets.add(new Received(
                        ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Accept")));
                byte[] answer = a.body().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", a.contentType());
                ex.sendResponseHeaders(a.status(), answer.length);
                ex.getResponseBody().write(answer);
                return;
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

    /** From now on a GET of {@code path} answers 200 with this body (as another service of the suite would). */
    public void answer(String path, String contentType, String body) {
        answer(path, contentType, body, 200);
    }

    /** From now on a GET of {@code path} answers {@code status} with this body. */
    public void answer(String path, String contentType, String body, int status) {
        answers.put(path, new Answer(contentType, body, status));
    }

    /** The GETs answered through {@link #answer}: path and the Accept header sent. */
    public List<Received> gets() {
        return List.copyOf(gets);
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
